import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';
import {csrfField, layout} from './layout.js';

/** An error of the API about the posted JSON: where (`items[0].resource`, or '' for none) and what. */
export type CreateError = {readonly path: string; readonly message: string};

const EXAMPLE = `{
  "name": "daily-events",
  "type": "recurring",
  "periodicity": "P1D",
  "format": {"extension": "csv"},
  "items": [{"provider": "croct", "resource": "events"}]
}`;

/**
 * The form to create a request by pasting or uploading its JSON (multipart, so the file goes with
 * it). On an error the JSON comes back as posted, with the error next to the JSON path it names.
 */
export function createPage(session: Session, json: string, error?: CreateError): Html {
  const invalid = error !== undefined;
  return layout(
    'New export request',
    session,
    html`<h1>New export request</h1>
${
  invalid
    ? html`<div class="errors" id="json-error" role="alert"><p>The request was not created:</p><ul><li>${
        error.path === '' ? error.message : html`at <code class="path">${error.path}</code>: ${error.message}`
      }</li></ul></div>`
    : ''
}
<form method="post" action="/web/new" enctype="multipart/form-data">
${csrfField(session)}
<label for="json">Request JSON</label>
<p class="muted" id="json-help">The export request as the API takes it (see the schema at <a href="/openapi.json">/openapi.json</a>).</p>
<textarea id="json" name="json" rows="16" spellcheck="false" placeholder="${EXAMPLE}" aria-describedby="json-help${invalid ? ' json-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}>${json}</textarea>
<label for="file">…or upload a JSON file</label>
<input id="file" name="file" type="file" accept="application/json,.json">
<p><button type="submit">Create</button></p>
</form>`,
  );
}
