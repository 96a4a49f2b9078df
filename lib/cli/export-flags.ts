import type {FlagSpecs} from './arguments.js';

/** The flags of `export-stream <events|sessions|users>`, declared once for parseArgs and `--help`. */
export const EXPORT_FLAGS: FlagSpecs = Object.freeze({
  'api-key-file': {
    type: 'string',
    value: 'FILE',
    description: 'read the API key (a UUID) from FILE, `-` for stdin; default: $CROCT_API_KEY',
  },
  'api-key': {
    type: 'string',
    value: 'KEY',
    description: 'the API key itself: visible to other users in `ps`, so it prints a warning',
  },
  'base-url': {
    type: 'string',
    value: 'URL',
    description: 'API base URL; default: https://api.croct.io/export',
  },
  start: {
    type: 'string',
    value: 'TIME',
    description: 'window start, inclusive: ISO 8601, or epoch seconds/ms',
  },
  end: {type: 'string', value: 'TIME', description: 'window end, exclusive: ISO 8601, or epoch seconds/ms'},
  types: {type: 'string', value: 'LIST', description: 'events only: comma-separated event types'},
  'page-size': {type: 'string', value: 'N', description: 'items per request, 1 to 1000; default: 100'},
  limit: {type: 'string', value: 'N', description: 'stop after N items'},
  format: {
    type: 'string',
    value: 'FORMAT',
    description: 'ndjson, csv or json (a streamed array); default: ndjson',
  },
  columns: {type: 'string', value: 'LIST', description: 'pick and rename fields: path[|path][:Label],...'},
  timezone: {type: 'string', value: 'ZONE', description: 'CSV: render timestamps in this IANA zone'},
  out: {type: 'string', short: 'o', value: 'FILE', description: 'write to FILE; default: stdout'},
  state: {type: 'string', value: 'FILE', description: 'resume file: continue the last run, append to --out'},
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});
