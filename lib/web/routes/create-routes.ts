import type {Route} from '../../service/http/router.js';
import {ensureOk} from '../api-client.js';
import {field} from '../form.js';
import {createPage} from '../pages/create-page.js';
import {redirect, sendHtml} from '../respond.js';
import {type WebContext, webRoute} from '../web-route.js';

/** `GET /web/new` and `POST /web/new`: the JSON pasted or uploaded goes to `POST /exports` as is. */
export function createRoutes(web: WebContext): Route[] {
  return [
    webRoute(web, 'GET', '/web/new', ({response, session}) => {
      sendHtml(response, 200, createPage(session!, ''));
    }),
    webRoute(web, 'POST', '/web/new', async ({form, response, session, api}) => {
      const file = form.get('file');
      const json = file instanceof Blob && file.size > 0 ? await file.text() : field(form, 'json');
      if (json.trim() === '') {
        const message = 'Paste the request JSON or choose a file.';
        sendHtml(response, 400, createPage(session!, json, {path: '', message}));
        return;
      }
      const reply = await api('POST', '/exports', json);
      if (reply.status === 400) {
        const {path = '', message} = reply.json.error as {path?: string; message: string};
        // The library's message starts with the path already: it is shown once, as the label.
        const text =
          path !== '' && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
        sendHtml(response, 400, createPage(session!, json, {path, message: text}));
        return;
      }
      const {id, name} = ensureOk(reply).json;
      session!.flash = `Created “${name}”.`;
      redirect(response, `/web/exports/${encodeURIComponent(id)}`);
    }),
  ];
}
