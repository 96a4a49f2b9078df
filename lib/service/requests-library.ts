import {
  dueWindows,
  exportItem,
  nextWindowClose,
  notifyOutcome,
  parseRequest,
  REQUEST_SCHEMA,
} from '../requests/index.js';
import type {RequestsLibrary} from './requests-port.js';

/** The real `lib/requests`, which the service runs (tests of the service's own logic may inject a fake). */
export const REQUESTS_LIBRARY: RequestsLibrary = Object.freeze({
  requestSchema: REQUEST_SCHEMA as Readonly<Record<string, unknown>>,
  parseRequest,
  dueWindows,
  nextWindowClose,
  exportItem,
  notifyOutcome,
});
