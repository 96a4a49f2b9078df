import {resolve} from 'node:path';
import {Configuration, ExportApi, type InvalidOptionError, toEpochMillis} from '../index.js';
import {type Column, parseColumns, timeZoneOption} from '../sinks/index.js';
import {choiceFlag, type FlagValues, integerFlag, parseFlags, stringFlag} from './arguments.js';
import {crashHook} from './crash-hook.js';
import {EXPORT_FLAGS} from './export-flags.js';
import {type ExportJob, runExport} from './export-runner.js';
import type {CliIo, Command} from './io.js';
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
    ],
    run: async (argv, io) => {
      const values = parseFlags(argv, EXPORT_FLAGS, resource);
      const job = resolveJob(resource, values, io);
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

/** Turns the flags into a validated job; every mistake is a {@link UsageError} naming the flag. */
export function resolveJob(resource: Resource, values: FlagValues, io: CliIo): ExportJob {
  const command = resource;
  const format = choiceFlag(values, 'format', command, ['ndjson', 'csv', 'json'] as const) ?? 'ndjson';
  const columnsText = stringFlag(values, 'columns');
  const columns = guard(command, () => (columnsText === undefined ? undefined : parseColumns(columnsText)));
  const zone = stringFlag(values, 'timezone');
  if (zone !== undefined && format !== 'csv') {
    throw new UsageError('`--timezone` applies to `--format csv` only', command);
  }
  const timezone = zone === undefined ? null : guard(command, () => timeZoneOption(zone));
  const typesText = stringFlag(values, 'types');
  if (typesText !== undefined && resource !== 'events') {
    throw new UsageError(`\`--types\` filters events only; ${resource} have no event types`, command);
  }
  const out = stringFlag(values, 'out');
  const state = stringFlag(values, 'state');
  if (state !== undefined && out === undefined) {
    throw new UsageError('`--state` needs `--out FILE`: a resumable export appends to a file', command);
  }
  const start = timeFlag(values, 'start', command);
  const end = timeFlag(values, 'end', command);
  if (start !== null && end !== null && end <= start) {
    throw new UsageError(
      `Expected \`--end\` to be after \`--start\`, got ${JSON.stringify(values.end)}`,
      command,
    );
  }
  const types =
    typesText === undefined ? null : [...new Set(typesText.split(',').map((type) => type.trim()))];
  if (types?.some((type) => !/^[A-Za-z][A-Za-z0-9]*$/.test(type))) {
    throw new UsageError(
      `Expected \`--types\` to be a comma-separated list of event types such as orderPlaced,cartViewed, got ${JSON.stringify(typesText)}`,
      command,
    );
  }
  const identity: ExportJob['identity'] = {
    resource,
    start,
    end,
    types: types?.sort() ?? null,
    pageSize: integerFlag(values, 'page-size', command, 1, 1000),
    format,
    columns: columnsText ?? null,
    timezone,
  };
  return {
    api: createApi(values, io, command),
    identity,
    columns: columns as Column[] | undefined,
    limit: integerFlag(values, 'limit', command, 0),
    out: out === undefined ? undefined : resolve(io.cwd, out),
    outLabel: out ?? 'stdout',
    statePath: state === undefined ? undefined : resolve(io.cwd, state),
    command,
  };
}

function createApi(values: FlagValues, io: CliIo, command: string): ExportApi {
  const apiKey = stringFlag(values, 'api-key') ?? io.env.CROCT_API_KEY;
  if (apiKey === undefined || apiKey === '') {
    throw new UsageError('Missing API key: pass `--api-key KEY` or set CROCT_API_KEY', command);
  }
  const baseUrl = stringFlag(values, 'base-url');
  try {
    return new ExportApi(new Configuration({apiKey, baseUrl}));
  } catch (error) {
    const {option, message} = error as InvalidOptionError;
    const flag = option === 'apiKey' ? 'api-key' : 'base-url';
    throw new UsageError(message.replace(`\`${option}\``, `\`--${flag}\``), command);
  }
}

function timeFlag(values: FlagValues, name: 'start' | 'end', command: string): number | null {
  const text = stringFlag(values, name);
  if (text === undefined) {
    return null;
  }
  const value = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  return guard(command, () => toEpochMillis(`--${name}`, value));
}

/** Runs a check that throws `RangeError`/`InvalidOptionError`, rethrowing it as a {@link UsageError}. */
function guard<T>(command: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError((error as Error).message, command);
  }
}
