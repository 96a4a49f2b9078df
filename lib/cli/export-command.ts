import {resolve} from 'node:path';
import {Configuration, ExportApi, type InvalidOptionError, toEpochMillis} from '../index.js';
import {parseColumns, timeZoneOption} from '../sinks/index.js';
import {
  choiceFlag,
  type Flags,
  type FlagValues,
  integerFlag,
  parseFlags,
  received,
  stringFlag,
} from './arguments.js';
import {crashHook} from './crash-hook.js';
import {EXPORT_FLAGS} from './export-flags.js';
import {type ExportJob, runExport} from './export-runner.js';
import type {CliIo, Command} from './io.js';
import {looksLikeSecret} from './secret.js';
import {type ApiKey, readApiKey} from './secret-api-key.js';
import {exitCodeOf} from './signals.js';
import type {ExportIdentity} from './state-file.js';
import {UsageError} from './usage-error.js';

type Resource = ExportIdentity['resource'];

/** `export-stream events|sessions|users`: one command per resource, sharing the export flags. */
export function exportCommand(resource: Resource): Command {
  const windowed = {events: 'event time', sessions: 'close time', users: 'last-modified time'}[resource];
  return {
    name: resource,
    usage: `export-stream ${resource} [options]`,
    summary: `Export ${resource} (windowed by ${windowed}) as NDJSON, CSV or a JSON array.`,
    flags: EXPORT_FLAGS,
    examples: [
      `export-stream ${resource} --start 2026-11-01 --end 2026-11-02 > ${resource}.ndjson`,
      ...(resource === 'events'
        ? ['export-stream events --types orderPlaced,cartViewed --format json -o orders.json']
        : []),
      `export-stream ${resource} --format csv --timezone America/Sao_Paulo -o ${resource}.csv`,
      `export-stream ${resource} --out ${resource}.ndjson --state ${resource}.state.json   # cron: only what is new`,
      `export-stream ${resource} --api-key-file ~/.config/croct/api-key --limit 10   # the key from a file`,
    ],
    run: async (argv, io) => {
      const values = parseFlags(argv, EXPORT_FLAGS, resource, [io.env.CROCT_API_KEY ?? '']);
      const apiKey = await readApiKey(values, io, resource);
      const job = resolveJob(resource, values, io, apiKey);
      const {signal} = io;
      const outcome = await runExport(job, {
        stdout: io.stdout,
        stderr: io.stderr,
        tty: io.stderr.isTTY === true,
        signal,
        crash: crashHook(io.env, io.kill),
      });
      if (outcome.stopped) {
        return exitCodeOf(signal.reason);
      }
      if (outcome.error !== undefined) {
        throw outcome.error;
      }
      return 0;
    },
  };
}

/**
 * Turns the flags into a validated job; every mistake is a {@link UsageError} naming the flag,
 * and no message shows a received value that looks like a secret (see `looksLikeSecret`).
 */
export function resolveJob(resource: Resource, values: FlagValues, io: CliIo, apiKey: ApiKey): ExportJob {
  const flags: Flags = {values, command: resource, secrets: [apiKey.key, io.env.CROCT_API_KEY ?? '']};
  const {command} = flags;
  // The key first: until it is known to be a UUID, any value may hold a malformed copy of it.
  const api = createApi(flags, apiKey);
  const format = choiceFlag(flags, 'format', ['ndjson', 'csv', 'json'] as const) ?? 'ndjson';
  const columnsText = stringFlag(values, 'columns');
  const columns =
    columnsText === undefined
      ? undefined
      : checked(flags, 'columns', columnsText, columnsExpected, parseColumns);
  const zone = stringFlag(values, 'timezone');
  if (zone !== undefined && format !== 'csv') {
    throw new UsageError('`--timezone` applies to `--format csv` only', command);
  }
  const timezone =
    zone === undefined ? null : checked(flags, 'timezone', zone, timezoneExpected, timeZoneOption);
  const typesText = stringFlag(values, 'types');
  if (typesText !== undefined && resource !== 'events') {
    throw new UsageError(`\`--types\` filters events only; ${resource} have no event types`, command);
  }
  const out = stringFlag(values, 'out');
  const state = stringFlag(values, 'state');
  if (state !== undefined && out === undefined) {
    throw new UsageError('`--state` needs `--out FILE`: a resumable export appends to a file', command);
  }
  const start = timeFlag(flags, 'start');
  const end = timeFlag(flags, 'end');
  if (start !== null && end !== null && end <= start) {
    throw new UsageError(
      `Expected \`--end\` to be after \`--start\`, got ${received(flags, stringFlag(values, 'end')!)}`,
      command,
    );
  }
  const types =
    typesText === undefined ? null : [...new Set(typesText.split(',').map((type) => type.trim()))];
  if (types?.some((type) => !/^[A-Za-z][A-Za-z0-9]*$/.test(type))) {
    throw new UsageError(
      `Expected \`--types\` to be a comma-separated list of event types such as orderPlaced,cartViewed, got ${received(flags, typesText!)}`,
      command,
    );
  }
  const identity: ExportJob['identity'] = {
    resource,
    start,
    end,
    types: types?.sort() ?? null,
    pageSize: integerFlag(flags, 'page-size', 1, 1000),
    format,
    columns: columnsText ?? null,
    timezone,
  };
  return {
    api,
    identity,
    columns,
    limit: integerFlag(flags, 'limit', 0),
    out: out === undefined ? undefined : resolve(io.cwd, out),
    outLabel: out ?? 'stdout',
    statePath: state === undefined ? undefined : resolve(io.cwd, state),
    command,
  };
}

const columnsExpected = 'a comma-separated list of path[:Label] with distinct labels';
const timezoneExpected = 'an IANA time zone such as "America/Sao_Paulo" or "UTC"';

/**
 * The library states what it expected; the flag's message is built here from its fields, with
 * the received value shown only when it cannot be a secret.
 */
function createApi(flags: Flags, apiKey: ApiKey): ExportApi {
  const baseUrl = stringFlag(flags.values, 'base-url');
  try {
    return new ExportApi(new Configuration({apiKey: apiKey.key, baseUrl}));
  } catch (error) {
    const {option, expected, received: described} = error as InvalidOptionError;
    if (option === 'apiKey') {
      // The library describes a key by its length only.
      throw new UsageError(`Expected ${apiKey.source} to be ${expected}, got ${described}`, flags.command);
    }
    // Only the base URL is left: the key is valid, every other option is the default.
    throw new UsageError(
      `Expected \`--base-url\` to be ${expected}, got ${received(flags, baseUrl!)}`,
      flags.command,
    );
  }
}

function timeFlag(flags: Flags, name: 'start' | 'end'): number | null {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return null;
  }
  const value = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  try {
    return toEpochMillis(`--${name}`, value);
  } catch (error) {
    throw new UsageError(
      `Expected \`--${name}\` to be ${(error as InvalidOptionError).expected}, got ${received(flags, text)}`,
      flags.command,
    );
  }
}

/**
 * Runs a sinks check that throws a `RangeError` quoting the value or a part of it. Its message
 * is kept when the value cannot be a secret (then no part of it can be one either); otherwise the
 * message is built here without the value.
 */
function checked<T>(
  flags: Flags,
  name: string,
  text: string,
  expected: string,
  check: (text: string) => T,
): T {
  try {
    return check(text);
  } catch (error) {
    throw new UsageError(
      looksLikeSecret(text, flags.secrets)
        ? `Expected \`--${name}\` to be ${expected}, got ${received(flags, text)}`
        : (error as Error).message,
      flags.command,
    );
  }
}
