import {createHash} from 'node:crypto';
import type {Route} from '../service/http/router.js';
import {SCRIPT} from './assets/script.js';
import {STYLE} from './assets/style.js';
import {SECURITY_HEADERS} from './respond.js';

type Asset = {readonly path: string; readonly type: string; readonly body: Buffer};

function asset(name: string, extension: string, type: string, text: string): Asset {
  const body = Buffer.from(text);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return {path: `/web/static/${name}.${hash}.${extension}`, type, body};
}

/** The style sheet: its path carries a hash of its content, so it is cached for good. */
export const STYLE_ASSET = asset('style', 'css', 'text/css; charset=utf-8', STYLE);

/** The script, likewise. */
export const SCRIPT_ASSET = asset('live', 'js', 'text/javascript; charset=utf-8', SCRIPT);

/** The routes of the static files (public: the sign-in page needs them too). */
export function assetRoutes(): Route[] {
  return [STYLE_ASSET, SCRIPT_ASSET].map((file) => ({
    method: 'GET',
    path: file.path,
    public: true,
    handle({response}) {
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': file.type,
        'content-length': String(file.body.length),
        'cache-control': 'public, max-age=31536000, immutable',
      });
      response.end(file.body);
    },
  }));
}
