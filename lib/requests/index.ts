export type {ExportItemOptions, ItemResult} from './export-item.js';
export {exportItem} from './export-item.js';
export {contentTypeOf, fileNameFor} from './file-names.js';
export {localTime, windowText} from './format-sink.js';
export type {Ledger} from './ledger.js';
export {ledgerPath} from './ledger.js';
export type {NotifyOutcomeOptions, WindowOutcome} from './notify-outcome.js';
export {notifyOutcome, outcomeVars} from './notify-outcome.js';
export type {ParseRequestOptions} from './parse-request.js';
export {parseRequest} from './parse-request.js';
export type {RequestEvent, RequestSummary, RunRequestOptions} from './run-request.js';
export {runRequest} from './run-request.js';
export type {RunWindowOptions, WindowResult} from './run-window.js';
export {runWindow} from './run-window.js';
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
