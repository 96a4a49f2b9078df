/** A matched endpoint. */
type Route =
  | {kind: 'list'; resource: 'events' | 'sessions' | 'users'; template: string}
  | {kind: 'by-id'; resource: 'events' | 'sessions' | 'users'; template: string; id: string};

const LIST: Record<string, Route> = {
  '/events': {kind: 'list', resource: 'events', template: '/events'},
  '/session': {kind: 'list', resource: 'sessions', template: '/session'},
  '/user': {kind: 'list', resource: 'users', template: '/user'},
};

const BY_ID = {
  events: {resource: 'events', template: '/events/{id}'},
  session: {resource: 'sessions', template: '/session/{sessionId}'},
  user: {resource: 'users', template: '/user/{userId}'},
} as const;

/** The endpoint a path names (`/events` plural, `/session` and `/user` singular), if any. */
function matchRoute(path: string): Route | undefined {
  const list = LIST[path];

  if (list !== undefined) {
    return list;
  }

  const match = /^\/(events|session|user)\/([^/]+)$/.exec(path);

  if (match === null) {
    return undefined;
  }

  const target = BY_ID[match[1] as keyof typeof BY_ID];

  try {
    return {kind: 'by-id', ...target, id: decodeURIComponent(match[2] as string)};
  } catch {
    // A malformed percent-escape cannot name any item.
    return {kind: 'by-id', ...target, id: ''};
  }
}

export type {Route};
export {matchRoute};
