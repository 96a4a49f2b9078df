export type {ErrorContext, ExportErrorCode, Problem} from './core/errors.js';
export {
  ExportError,
  HttpError,
  InvalidOptionError,
  ProtocolError,
  RequestError,
  RequestFailure,
} from './core/errors.js';
export type {ExportStreamOptions} from './core/export-stream.js';
export {ExportStream} from './core/export-stream.js';
export type {PageParser} from './core/page-request.js';
export type {ChainState, PartitionState} from './core/partition-cursor.js';
export {decodePartitionCursor, isPartitionCursor} from './core/partition-cursor.js';
export type {PartitionOptions, ResolvedPartitions} from './core/partition-options.js';
export {
  MAX_PARTITIONS,
  PARTITION_OPTION_NAMES,
  partitionWindow,
  resolvePartitions,
} from './core/partition-options.js';
export type {PartitionSpec} from './core/partition-source.js';
export {PartitionSource} from './core/partition-source.js';
export type {RateLimit} from './core/rate-limit.js';
export {RateLimiter} from './core/rate-limit.js';
export type {ResourceFields} from './core/resource-fields.js';
export type {RetryPolicy} from './core/retry.js';
export {defaultRetryPolicy, isTransient, parseRetryAfter, retryDelay} from './core/retry.js';
export {pickStreamOptions, STREAM_OPTION_NAMES} from './core/stream-options.js';
export type {TimeInput} from './core/time.js';
export {toEpochMillis} from './core/time.js';
export type {Checkpoint, FetchPage, PageHooks, PageResult, PageSource, RetryEvent} from './core/types.js';
export type {ConfigurationParameters} from './croct/configuration.js';
export {Configuration} from './croct/configuration.js';
export type {ByIdOptions} from './croct/export-api.js';
export {ExportApi} from './croct/export-api.js';
export type {EventExportOptions, ExportOptions} from './croct/export-options.js';
export {CROCT_PAGE_SIZE} from './croct/export-options.js';
export {CROCT_RESOURCE_FIELDS} from './croct/fields.js';
export type * from './croct/types.js';
export {
  AddOperationTypeEnum,
  BrowserType,
  ClearOperationTypeEnum,
  CombineOperationTypeEnum,
  DecrementOperationTypeEnum,
  DeviceCategory,
  EventType,
  eventIdOf,
  eventTypeOf,
  IncrementOperationTypeEnum,
  isKnownEventType,
  KNOWN_EVENT_TYPES,
  LocationContinent,
  LocationSource,
  MergeOperationTypeEnum,
  OrderStatus,
  RemoveOperationTypeEnum,
  SetOperationTypeEnum,
  TabVisibility,
  UnsetOperationTypeEnum,
} from './croct/types.js';
export type {TimeUnit} from './croct/wire-time.js';
