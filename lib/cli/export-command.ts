import {resolve} from 'node:path';
import {InvalidOptionError, toEpochMillis} from '../index.js';
import {parseColumns, timeZoneOption} from '../sinks/index.js';
import {choiceFlag, type Flags, integerFlag, parseFlags, received, stringFlag} from './arguments.js';
import {crashHook} from './crash-hook.js';
import {exportFlags} from './export-flags.js';
import {type ExportJob, openResource, runExport} from './export-runner.js';
import type {CliIo, Command} from './io.js';
import {type OptionSources, optionUsageError} from './option-errors.js';
import {partitionFlags, shardWindow} from './partition-flags.js';
import type {AnyProvider, AnyResource} from './providers/provider.js';
import {looksLikeSecret} from './secret.js';
import {type CredentialValue, environmentSecrets, readCredentials} from './secret-credentials.js';
import {exitCodeOf} from './signals.js';
import {UsageError} from './usage-error.js';

/**
 * `export-stream <provider> <resource>` (`name`: `openpanel events`), or a shorthand (`name`:
 * `events` for `croct events`): the export flags, the provider's credentials and the resource's filters.
 */
export function exportCommand(provider: AnyProvider, resource: AnyResource, name: string): Command {
  const flags = exportFlags(provider, resource);
  const example = (rest: string) => `export-stream ${name} ${rest}`;
  return {
    name,
    usage: `export-stream ${name} [options]`,
    summary: resource.summary,
    flags,
    examples: [
      example(`--start 2026-11-01 --end 2026-11-02 > ${resource.name}.ndjson`),
      ...resource.examples.map(example),
      example(`--format csv --timezone America/Sao_Paulo -o ${resource.name}.csv`),
      example(`--out ${resource.name}.ndjson --state ${resource.name}.state.json   # cron: only what is new`),
      ...provider.credentials.flatMap(({file, label}) =>
        file === undefined
          ? []
          : [
              example(
                `--${file} ~/.config/${provider.name}/${file.replace(/-file$/, '')} --limit 10   # the ${label} from a file`,
              ),
            ],
      ),
    ],
    run: async (argv, io) => {
      const values = parseFlags(argv, flags, name, environmentSecrets(provider.credentials, io.env));
      const credentials = await readCredentials(provider.credentials, values, io, name);
      const secrets = [
        ...environmentSecrets(provider.credentials, io.env),
        ...provider.credentials.flatMap((given) =>
          given.secret ? [(credentials[given.option] as CredentialValue).value] : [],
        ),
      ];
      const job = resolveJob(provider, resource, {values, command: name, secrets}, io, credentials);
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
 * and no message shows a received value that looks like a secret (see `looksLikeSecret`). What the
 * library checks (credentials, base URL, filters, the state's cursor) it reports through
 * {@link InvalidOptionError}, mapped back to the flag by {@link optionUsageError}.
 */
export function resolveJob(
  provider: AnyProvider,
  resource: AnyResource,
  flags: Flags,
  io: CliIo,
  credentials: Readonly<Record<string, CredentialValue>>,
): ExportJob {
  const {values, command} = flags;
  const sources: OptionSources = {
    ...Object.fromEntries(
      Object.entries(credentials).map(([option, credential]) => [option, {name: credential.source}]),
    ),
    baseUrl: {name: '`--base-url`', flag: 'base-url'},
    pageSize: {name: '`--page-size`', flag: 'page-size'},
    limit: {name: '`--limit`', flag: 'limit'},
    prefetch: {name: '`--prefetch`', flag: 'prefetch'},
    partitions: {name: '`--partitions`', flag: 'partitions'},
    start: {name: '`--start`', flag: 'start'},
    cursor: {name: 'the cursor of the `--state` file'},
    ...Object.fromEntries(
      Object.entries(resource.optionFlags).map(([option, flag]) => [option, {name: `\`--${flag}\``, flag}]),
    ),
  };
  const library = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      throw error instanceof InvalidOptionError ? optionUsageError(error, flags, sources) : error;
    }
  };
  // The credentials first: until they are known to be valid, any value may hold a malformed copy.
  const given = Object.fromEntries(
    Object.entries(credentials).map(([option, credential]) => [option, credential.value]),
  );
  const api = library(() => provider.createApi(given, stringFlag(values, 'base-url')));
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
  const filters = resource.filters(flags);
  const out = stringFlag(values, 'out');
  const state = stringFlag(values, 'state');
  if (state !== undefined && out === undefined) {
    throw new UsageError('`--state` needs `--out FILE`: a resumable export appends to a file', command);
  }
  let start = timeFlag(flags, 'start');
  let end = timeFlag(flags, 'end');
  if (start !== null && end !== null && end <= start) {
    throw new UsageError(
      `Expected \`--end\` to be after \`--start\`, got ${received(flags, stringFlag(values, 'end')!)}`,
      command,
    );
  }
  const {partitions, ordered, shard} = partitionFlags(flags, io.env);
  if ((partitions !== undefined || shard !== undefined) && resource.partitioned !== true) {
    throw new UsageError(
      `\`--partitions\` and \`--partition\` apply to time-windowed exports; not to ${command}`,
      command,
    );
  }
  if (shard !== undefined) {
    if (format === 'json') {
      throw new UsageError(
        '`--partition` writes shards to concatenate: use `--format ndjson` or `csv`',
        command,
      );
    }
    ({start, end} = shardWindow(shard, start, end, command, resource.shards));
  }
  const {min, max} = provider.pageSize;
  return {
    provider,
    resource,
    identity: {
      provider: provider.name,
      resource: resource.name,
      start,
      end,
      filters,
      pageSize: integerFlag(flags, 'page-size', min, max),
      format,
      columns: columnsText ?? null,
      timezone,
    },
    open: (identity, request) => library(() => openResource(resource, api, identity, request)),
    columns,
    limit: integerFlag(flags, 'limit', 0),
    prefetch: integerFlag(flags, 'prefetch', 0, 100),
    partitions,
    ordered,
    header: shard === undefined || shard.index === 0,
    out: out === undefined ? undefined : resolve(io.cwd, out),
    outLabel: out ?? 'stdout',
    statePath: state === undefined ? undefined : resolve(io.cwd, state),
    command,
    label: command,
  };
}

const columnsExpected = 'a comma-separated list of path[:Label] with distinct labels';
const timezoneExpected = 'an IANA time zone such as "America/Sao_Paulo" or "UTC"';

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
