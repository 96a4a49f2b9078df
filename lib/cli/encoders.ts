import {
  type Column,
  createCsvEncoder,
  createJsonArrayEncoder,
  createNdjsonEncoder,
  type Encoder,
  type EncoderStart,
  parseColumns,
} from '../sinks/index.js';
import type {ExportIdentity} from './state-file.js';

/** The CSV columns used without `--columns`: the fields most reports start from, both spellings. */
export const DEFAULT_CSV_COLUMNS: Readonly<Record<ExportIdentity['resource'], string>> = Object.freeze({
  events: 'id|eventId:id,timestamp,payload.@type|payload.type:type,sessionId,userId,context.url:url',
  sessions:
    'sessionId,userId,externalUserId,window.start:start,window.end:end,closeTime,landingPageUrl,referrer,statistics.pageViews:pageViews,statistics.orders:orders',
  users:
    'userId,externalUserId,firstName,lastName,email,lastModifiedTime,statistics.sessions:sessions,statistics.orders:orders',
});

/** The encoder of an export's format, set up to start a fresh output or continue an existing one. */
export function createEncoder(
  identity: ExportIdentity,
  columns: readonly Column[] | undefined,
  start: EncoderStart,
): Encoder {
  switch (identity.format) {
    case 'csv':
      return createCsvEncoder({
        ...start,
        columns: columns ?? parseColumns(DEFAULT_CSV_COLUMNS[identity.resource]),
        timeZone: identity.timezone ?? undefined,
      });
    case 'json':
      return createJsonArrayEncoder({...start, columns});
    default:
      return createNdjsonEncoder({columns});
  }
}
