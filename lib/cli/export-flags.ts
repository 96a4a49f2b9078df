import type {FlagSpecs} from './arguments.js';
import type {AnyProvider, AnyResource} from './providers/provider.js';
import {credentialFlags} from './secret-credentials.js';

/**
 * The flags of `export-stream <provider> <resource>`, declared once for parseArgs and `--help`: the
 * provider's credentials and base URL, the window, the resource's own flags, then what every export has.
 */
export function exportFlags(provider: AnyProvider, resource: AnyResource): FlagSpecs {
  const {min, max} = provider.pageSize;
  return Object.freeze({
    ...credentialFlags(provider.credentials),
    'base-url': {
      type: 'string',
      value: 'URL',
      description: `API base URL; default: ${provider.baseUrl}`,
    },
    start: {
      type: 'string',
      value: 'TIME',
      description: 'window start, inclusive: ISO 8601, or epoch seconds/ms',
    },
    end: {type: 'string', value: 'TIME', description: 'window end, exclusive: ISO 8601, or epoch seconds/ms'},
    ...resource.flags,
    'page-size': {
      type: 'string',
      value: 'N',
      description: `items per request, ${min} to ${max}; default: ${provider.pageSize.default}`,
    },
    limit: {type: 'string', value: 'N', description: 'stop after N items'},
    prefetch: {
      type: 'string',
      value: 'N',
      description: 'pages requested ahead, 0 to 100 (OpenPanel: concurrently, over closed days); default: 1',
    },
    partitions: {
      type: 'string',
      value: 'N',
      description: 'read the window as N concurrent chains, 1 to 64 (needs --start; Croct, OpenPanel)',
    },
    ordered: {type: 'boolean', description: 'with --partitions: write in window order (slower)'},
    partition: {
      type: 'string',
      value: 'i/N',
      description:
        'export only shard i of N (0-based; auto/N reads $JOB_COMPLETION_INDEX); needs --start, --end',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'ndjson, csv or json (a streamed array); default: ndjson',
    },
    columns: {type: 'string', value: 'LIST', description: 'pick and rename fields: path[|path][:Label],...'},
    timezone: {type: 'string', value: 'ZONE', description: 'CSV: render timestamps in this IANA zone'},
    out: {type: 'string', short: 'o', value: 'FILE', description: 'write to FILE; default: stdout'},
    state: {
      type: 'string',
      value: 'FILE',
      description: 'resume file: continue the last run, append to --out',
    },
    help: {type: 'boolean', short: 'h', description: 'show this help'},
  });
}
