import {nextWindowClose, parseRequest} from '../requests/index.js';

/** The API's fields of a request resource that are not part of the request JSON. */
export const RESOURCE_FIELDS = Object.freeze(['id', 'createdAt', 'updatedAt', 'status']);

/** The request JSON of a resource, as the user sent it. */
export function requestJson(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !RESOURCE_FIELDS.includes(key)));
}

/**
 * When the next window of a request is due (its end plus `delay`), from the request itself and its
 * creation time (the service's anchor), with the public `lib/requests` functions; undefined when no
 * window is left (a one-time request whose window has closed).
 */
export function nextWindowDue(resource: Record<string, unknown>, now: Date): string | undefined {
  const request = parseRequest(requestJson(resource));
  const next = nextWindowClose(request, {now, firstRunAt: new Date(String(resource.createdAt))});
  return next?.toISOString();
}
