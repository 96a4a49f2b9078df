import {
  type Column,
  createCsvEncoder,
  createJsonArrayEncoder,
  createNdjsonEncoder,
  type Encoder,
  type EncoderStart,
  parseColumns,
} from '../sinks/index.js';
import type {AnyResource} from './providers/provider.js';
import type {ExportIdentity} from './state-file.js';

/**
 * The encoder of an export's format, set up to start a fresh output or continue an existing one.
 * CSV without `--columns` takes the resource's default columns; `--timezone` renders its time fields.
 */
export function createEncoder(
  identity: ExportIdentity,
  resource: AnyResource,
  columns: readonly Column[] | undefined,
  start: EncoderStart,
): Encoder {
  switch (identity.format) {
    case 'csv':
      return createCsvEncoder({
        ...start,
        columns: columns ?? parseColumns(resource.columns),
        timeZone: identity.timezone ?? undefined,
        timestampFields: resource.timestampFields,
      });
    case 'json':
      return createJsonArrayEncoder({...start, columns});
    default:
      return createNdjsonEncoder({columns});
  }
}
