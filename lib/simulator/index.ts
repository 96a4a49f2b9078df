export type {FailNextOptions} from './faults.js';
export type {
  FaultKind,
  FaultOptions,
  LiveOptions,
  RetryAfter,
  ScheduledFault,
  SchemaVersion,
  SimulatorOptions,
  TimeUnit,
  TimeWindow,
} from './options.js';
export {FAULT_KINDS} from './options.js';
export type {Simulator} from './server.js';
export {createSimulator} from './server.js';
export type {RequestLogEntry, SimulatorStats} from './stats.js';
