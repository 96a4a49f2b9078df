import {type Dispatcher, request} from 'undici';
import {WebError} from './respond.js';

/** An answer of the service's API. */
export type ApiReply = {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read field by field by the pages
  readonly json: any;
};

/** A streamed answer (a download). */
export type ApiStream = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Dispatcher.ResponseData['body'];
};

/**
 * The web page's only way to the data: the service's HTTP API, called with the signed-in user's
 * bearer token (held in the server-side session), exactly as any other client would.
 */
export class ApiClient {
  readonly #base: string;

  constructor(base: string) {
    this.#base = base.replace(/\/$/, '');
  }

  /** Calls the API and reads its JSON answer (an empty body reads as undefined). */
  async call(method: string, path: string, token: string, body?: string): Promise<ApiReply> {
    const reply = await request(`${this.#base}${path}`, {
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : {'content-type': 'application/json'}),
      },
      ...(body === undefined ? {} : {body}),
    });
    const text = await reply.body.text();
    return {status: reply.statusCode, json: text === '' ? undefined : JSON.parse(text)};
  }

  /** Starts a GET whose body the caller streams (and must consume or destroy). */
  async stream(path: string, token: string): Promise<ApiStream> {
    const reply = await request(`${this.#base}${path}`, {headers: {authorization: `Bearer ${token}`}});
    return {status: reply.statusCode, headers: reply.headers, body: reply.body};
  }
}

/** The API's answer when it is a success, else a {@link WebError} with the API's status and message. */
export function ensureOk(reply: ApiReply): ApiReply {
  if (reply.status >= 400) {
    throw new WebError(reply.status, reply.json?.error?.message ?? `The service answered ${reply.status}`);
  }
  return reply;
}
