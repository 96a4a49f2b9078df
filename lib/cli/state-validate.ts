import {InvalidOptionError} from '../index.js';
import type {ExportState} from './state-file.js';
import {UsageError} from './usage-error.js';

type Check = readonly [field: keyof ExportState, expected: string, valid: (value: unknown) => boolean];

const MAX_TIME = 8.64e15;
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: unknown) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const oneOf = (choices: readonly unknown[]) => (value: unknown) => choices.includes(value);
const text = (value: unknown) => typeof value === 'string' && value.length > 0;
const orNull = (valid: (value: unknown) => boolean) => (value: unknown) => value === null || valid(value);
const typeNames = (value: unknown) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((type) => typeof type === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(type));

/** Every field of a state file, in the order they are checked. */
const checks: readonly Check[] = [
  ['version', '1 or 2 (a newer export-stream may write others)', oneOf([1, 2])],
  ['resource', '"events", "sessions" or "users"', oneOf(['events', 'sessions', 'users'])],
  [
    'start',
    `null or epoch milliseconds (an integer from -${MAX_TIME} to ${MAX_TIME})`,
    orNull(integer(-MAX_TIME, MAX_TIME)),
  ],
  [
    'end',
    `null or epoch milliseconds (an integer from -${MAX_TIME} to ${MAX_TIME})`,
    orNull(integer(-MAX_TIME, MAX_TIME)),
  ],
  ['types', 'null or a non-empty array of event types such as "orderPlaced"', orNull(typeNames)],
  ['pageSize', 'an integer from 1 to 1000', integer(1, 1000)],
  ['format', '"ndjson", "csv" or "json"', oneOf(['ndjson', 'csv', 'json'])],
  ['columns', 'null or a non-empty string', orNull(text)],
  ['timezone', 'null or a non-empty string', orNull(text)],
  ['cursor', 'a non-empty string', text],
  ['bytes', 'an integer of at least 0', integer(0)],
  ['items', 'an integer of at least 0', integer(0)],
  ['pages', 'an integer of at least 0', integer(0)],
  ['updatedAt', 'an ISO 8601 time', (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value))],
];

/**
 * Parses and checks the text of a state file field by field (types, ranges, a non-empty cursor, a
 * known version; version 2 also needs `tailSha256`). The first problem is a {@link UsageError} such
 * as ``State file /x/e.json is not an export-stream state; remove it to start over (expected
 * `bytes` to be an integer of at least 0, got -5 (number))``: a state that cannot be trusted must not decide what to cut from the output.
 */
export function validateState(content: string, path: string, command: string): ExportState {
  let state: unknown;
  try {
    state = JSON.parse(content);
  } catch (error) {
    throw refused(path, command, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw invalid(path, command, 'the file', 'a JSON object', state);
  }
  const fields = state as Record<string, unknown>;
  for (const [field, expected, valid] of checks) {
    if (!valid(fields[field])) {
      throw invalid(path, command, `\`${field}\``, expected, fields[field]);
    }
  }
  if (fields.version === 2 && !/^[0-9a-f]{64}$/.test(String(fields.tailSha256))) {
    throw invalid(path, command, '`tailSha256`', 'a SHA-256 in 64 hex digits', fields.tailSha256);
  }
  return state as ExportState;
}

function invalid(path: string, command: string, field: string, expected: string, value: unknown): UsageError {
  const {received} = new InvalidOptionError(field, expected, value);
  return refused(path, command, `expected ${field} to be ${expected}, got ${received}`);
}

function refused(path: string, command: string, reason: string): UsageError {
  return new UsageError(
    `State file ${path} is not an export-stream state; remove it to start over (${reason})`,
    command,
  );
}
