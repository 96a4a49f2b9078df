import {STATUS_CODES} from 'node:http';
import type {CoveoErrorStyle} from './options.js';

/** An API error before it is shaped by the `errorStyle` option. */
type ApiError = {
  status: number;
  /** A stable upper-case code, e.g. `INVALID_PARAMETER`. */
  type: string;
  message: string;
};

/** A body and its content type. */
type Body = {contentType: string; body: string};

const JSON_TYPE = 'application/json; charset=utf-8';

function escapeMarkup(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** An API error body in one of the styles clients must tolerate. */
function apiErrorBody(style: CoveoErrorStyle, error: ApiError): Body {
  if (style === 'html') {
    const title = `${error.status} ${STATUS_CODES[error.status]}`;
    return {
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${escapeMarkup(error.message)}</p></body></html>\n`,
    };
  }
  const body =
    style === 'error-code'
      ? {errorCode: error.type, message: error.message}
      : {message: error.message, type: error.type};
  return {contentType: JSON_TYPE, body: JSON.stringify(body)};
}

/** An S3-style XML error body, as object stores answer pre-signed URL mistakes. */
function storageErrorBody(code: string, message: string, extra: Readonly<Record<string, string>> = {}): Body {
  const fields = Object.entries(extra)
    .map(([name, value]) => `<${name}>${escapeMarkup(value)}</${name}>`)
    .join('');
  return {
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeMarkup(message)}</Message>${fields}<RequestId>SIMULATED</RequestId></Error>`,
  };
}

export type {ApiError, Body};
export {apiErrorBody, JSON_TYPE, storageErrorBody};
