export {escapeHtml, Html, html} from './html.js';
export type {WebPageOptions} from './mount.js';
export {mountWebPage, webRoutes} from './mount.js';
export type {Session, SessionStoreOptions} from './session-store.js';
export {SessionStore} from './session-store.js';
