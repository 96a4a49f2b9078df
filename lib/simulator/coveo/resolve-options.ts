import {tmpdir} from 'node:os';
import {InvalidOptionError} from '../../core/errors.js';
import {booleanOption, knownKeys} from '../../core/validate.js';
import {integer, object, oneOf, text} from '../core/guards.js';
import {encodeId} from '../core/random.js';
import {resolveServerOptions, SERVER_OPTION_NAMES} from '../core/resolve-server-options.js';
import type {CoveoExportInfo, CoveoSimulatorOptions, CoveoTable, ResolvedCoveoOptions} from './options.js';
import {COVEO_TABLES} from './options.js';

/** The seeded stream the tokens are drawn from (apart from the other simulators' streams). */
const TOKEN_STREAM = 41;

/** Enough for a 1M-row export of one day and far beyond, while k·perDay stays exact in a double. */
const MAX_ROWS_PER_DAY = 10_000_000;

const DEFAULT_ROWS_PER_DAY: Readonly<Record<CoveoTable, number>> = Object.freeze({
  searches: 1000,
  clicks: 600,
  custom_events: 300,
  groups: 800,
  keywords: 1500,
});

/** A plain file name; not `.` nor `..`, which no unzip tool can write as a file. */
const MEMBER_NAME = /^(?!\.{1,2}$)[\w.-]+$/;

function resolveRowsPerDay(value: unknown): Record<CoveoTable, number> {
  if (typeof value === 'number' || value === undefined) {
    const every = value === undefined ? undefined : integer('rowsPerDay', value, 0, MAX_ROWS_PER_DAY);
    return Object.fromEntries(
      COVEO_TABLES.map((table) => [table, every ?? DEFAULT_ROWS_PER_DAY[table]]),
    ) as Record<CoveoTable, number>;
  }
  const perTable = object('rowsPerDay', value);
  knownKeys('rowsPerDay', perTable, COVEO_TABLES);
  return Object.fromEntries(
    COVEO_TABLES.map((table) => [
      table,
      integer(`rowsPerDay.${table}`, perTable[table] ?? DEFAULT_ROWS_PER_DAY[table], 0, MAX_ROWS_PER_DAY),
    ]),
  ) as Record<CoveoTable, number>;
}

function resolveFileNames(value: unknown): Record<CoveoTable, string> {
  const names = object('fileNames', value ?? {});
  knownKeys('fileNames', names, COVEO_TABLES);
  const seen = new Set<string>();
  return Object.fromEntries(
    COVEO_TABLES.map((table) => {
      const option = `fileNames.${table}`;
      const name = text(option, names[table] ?? `${table}.csv`);
      if (!MEMBER_NAME.test(name)) {
        throw new InvalidOptionError(option, 'a file name of letters, digits, _ . and -', name);
      }
      if (seen.has(name)) {
        throw new InvalidOptionError(option, 'a name no other table has', name);
      }
      seen.add(name);
      return [table, name];
    }),
  ) as Record<CoveoTable, string>;
}

function resolveFailExports(value: unknown): (info: CoveoExportInfo) => boolean {
  if (typeof value === 'function') {
    return value as (info: CoveoExportInfo) => boolean;
  }
  if (!Array.isArray(value)) {
    throw new InvalidOptionError('failExports', 'an array of export numbers or a function', value);
  }
  const numbers = new Set(value.map((n, i) => integer(`failExports[${i}]`, n, 1)));
  return (info) => numbers.has(info.index);
}

function resolveRateLimit(value: unknown): ResolvedCoveoOptions['rateLimit'] {
  if (value === false) {
    return undefined;
  }
  const limit = object('rateLimit', value);
  return {
    max: integer('rateLimit.max', limit.max ?? 100, 1),
    windowMs: integer('rateLimit.windowMs', limit.windowMs ?? 10_000, 1, 3_600_000),
  };
}

function resolveExpiry(value: unknown): number {
  if (value !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(value) || (value as number) < 1)) {
    throw new InvalidOptionError('expireAfterMs', 'an integer of at least 1 or Infinity', value);
  }
  return value as number;
}

function resolveRedirectStatus(value: unknown): 302 | 303 | 307 {
  if (value !== 302 && value !== 303 && value !== 307) {
    throw new InvalidOptionError('redirectStatus', '302, 303 or 307', value);
  }
  return value;
}

/**
 * Applies the defaults to the options of `createCoveoSimulator` and checks every value, throwing an
 * `InvalidOptionError` shaped "Expected `rowLimit` to be an integer of at least 1, got 0 (number)".
 */
function resolveCoveoOptions(options: CoveoSimulatorOptions = {}): ResolvedCoveoOptions {
  object('options', options);
  // A misspelt option would otherwise be ignored without a word.
  knownKeys('options', options as Record<string, unknown>, [
    ...SERVER_OPTION_NAMES,
    'accessToken',
    'author',
    'compress',
    'errorStyle',
    'expireAfterMs',
    'failExports',
    'fileNames',
    'headerStyle',
    'linkTtlMs',
    'organizationId',
    'rateLimit',
    'readyAfterMs',
    'readyAfterPolls',
    'redirectStatus',
    'rowLimit',
    'rowsPerDay',
    'tempDir',
    'timestampStyle',
  ]);
  const shared = resolveServerOptions(options);
  const accessToken = text(
    'accessToken',
    options.accessToken ?? `xx${encodeId(shared.seed, TOKEN_STREAM, 0)}`,
    {
      secret: true,
    },
  );
  const generated = `xx${encodeId(shared.seed, TOKEN_STREAM, 1)}`;
  return {
    ...shared,
    accessToken,
    // A token that differs from the export token even when the user picked that one as accessToken.
    noPrivilegeToken: generated === accessToken ? `${generated}-view` : generated,
    organizationId: text('organizationId', options.organizationId ?? 'simulatedorg'),
    rowsPerDay: resolveRowsPerDay(options.rowsPerDay),
    rowLimit: integer('rowLimit', options.rowLimit ?? 1_000_000, 1),
    readyAfterMs: integer('readyAfterMs', options.readyAfterMs ?? 0, 0, 3_600_000),
    readyAfterPolls: integer('readyAfterPolls', options.readyAfterPolls ?? 1, 1, 1_000_000),
    failExports: resolveFailExports(options.failExports ?? []),
    expireAfterMs: resolveExpiry(options.expireAfterMs ?? Number.POSITIVE_INFINITY),
    linkTtlMs: integer('linkTtlMs', options.linkTtlMs ?? 60_000, 1, 7 * 86_400_000),
    redirectStatus: resolveRedirectStatus(options.redirectStatus ?? 303),
    errorStyle: oneOf('errorStyle', options.errorStyle ?? 'message-type', [
      'message-type',
      'error-code',
      'html',
    ]),
    headerStyle: oneOf('headerStyle', options.headerStyle ?? 'camel', ['camel', 'snake', 'display']),
    timestampStyle: oneOf('timestampStyle', options.timestampStyle ?? 'gmt', ['gmt', 'iso']),
    fileNames: resolveFileNames(options.fileNames),
    compress: booleanOption('compress', options.compress ?? true),
    rateLimit: resolveRateLimit(options.rateLimit ?? false),
    author: text('author', options.author ?? 'simulator@example.com'),
    tempDir: text('tempDir', options.tempDir ?? tmpdir()),
  };
}

export {resolveCoveoOptions};
