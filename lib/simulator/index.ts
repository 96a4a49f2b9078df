export type {FailNextOptions} from './core/faults.js';
export type {FaultKind, FaultOptions, RetryAfter, ScheduledFault, ServerOptions} from './core/options.js';
export {FAULT_KINDS} from './core/options.js';
export type {RequestLogEntry, SimulatorStats} from './core/stats.js';
export type {CoveoStorageStats} from './coveo/context.js';
export type {CoveoSimulator, CoveoWindow} from './coveo/create-simulator.js';
export {createCoveoSimulator} from './coveo/create-simulator.js';
export type {CoveoExportRecord, ExportStatus as CoveoExportStatus} from './coveo/export-request.js';
export type {
  CoveoErrorStyle,
  CoveoExportInfo,
  CoveoHeaderStyle,
  CoveoRateLimit,
  CoveoSimulatorOptions,
  CoveoTable,
  CoveoTimestampStyle,
} from './coveo/options.js';
export {COVEO_TABLES} from './coveo/options.js';
export type {Simulator} from './croct/create-simulator.js';
export {createCroctSimulator, createSimulator} from './croct/create-simulator.js';
export type {LiveOptions, SchemaVersion, SimulatorOptions, TimeUnit, TimeWindow} from './croct/options.js';
export type {OpenPanelSimulator} from './openpanel/create-simulator.js';
export {createOpenPanelSimulator} from './openpanel/create-simulator.js';
export type {
  OpenPanelClient,
  OpenPanelClientType,
  OpenPanelLiveOptions,
  OpenPanelRateLimit,
  OpenPanelSimulatorOptions,
} from './openpanel/options.js';
