export type {ParseRequestOptions} from './parse-request.js';
export {parseRequest} from './parse-request.js';
export {REQUEST_SCHEMA} from './schema.js';
export type {
  CoveoItem,
  CroctItem,
  ExportItem,
  ExportRequest,
  OpenPanelItem,
  RequestColumn,
  RequestExtension,
  RequestFormat,
  Window,
} from './types.js';
export {REQUEST_EXTENSIONS} from './types.js';
export type {RequestErrorOptions} from './validation-error.js';
export {RequestValidationError} from './validation-error.js';
export type {DueWindowsOptions} from './windows.js';
export {alignedStart, dueWindows, nextWindowClose, windowKey} from './windows.js';
