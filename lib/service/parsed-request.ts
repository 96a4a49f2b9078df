import type {RequestsLibrary} from './requests-port.js';

const cache = new WeakMap<object, unknown>();

/**
 * `parseRequest` of a stored request JSON, once per JSON object: the scheduler looks at every
 * request on each tick, and validation is not free.
 */
export function parsedRequest(requests: RequestsLibrary, json: Record<string, unknown>): never {
  let parsed = cache.get(json);
  if (parsed === undefined) {
    parsed = requests.parseRequest(json);
    cache.set(json, parsed);
  }
  return parsed as never;
}

/** Remembers what `parseRequest` returned for `json` (the API validated it already). */
export function rememberParsed(json: Record<string, unknown>, parsed: unknown): void {
  cache.set(json, parsed);
}
