import {InvalidOptionError} from '../index.js';
import type {AnyProvider} from './providers/provider.js';
import {PROVIDERS, providerNamed} from './providers/registry.js';
import type {ExportState} from './state-types.js';
import {UsageError} from './usage-error.js';

type Check = readonly [field: string, expected: string, valid: (value: unknown) => boolean];

const MAX_TIME = 8.64e15;
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: unknown) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const oneOf = (choices: readonly unknown[]) => (value: unknown) => choices.includes(value);
const text = (value: unknown) => typeof value === 'string' && value.length > 0;
const orNull = (valid: (value: unknown) => boolean) => (value: unknown) => value === null || valid(value);
const object = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const typeNames = (value: unknown) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((type) => typeof type === 'string' && /^[A-Za-z][A-Za-z0-9]*$/.test(type));
const time = `null or epoch milliseconds (an integer from -${MAX_TIME} to ${MAX_TIME})`;

/** `"a", "b" or "c"`. */
function choices(names: readonly string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** The fields of every version after the version itself, in the order they are checked. */
function checks(provider: AnyProvider, legacy: boolean): readonly Check[] {
  const {min, max} = provider.pageSize;
  const resources = provider.resources.map((resource) => resource.name);
  return [
    ['resource', choices(resources), oneOf(resources)],
    ['start', time, orNull(integer(-MAX_TIME, MAX_TIME))],
    ['end', time, orNull(integer(-MAX_TIME, MAX_TIME))],
    legacy
      ? ['types', 'null or a non-empty array of event types such as "orderPlaced"', orNull(typeNames)]
      : ['filters', 'an object of filters such as {"events":["orderPlaced"]} ({} for none)', object],
    ['pageSize', `an integer from ${min} to ${max}`, integer(min, max)],
    ['format', '"ndjson", "csv" or "json"', oneOf(['ndjson', 'csv', 'json'])],
    ['columns', 'null or a non-empty string', orNull(text)],
    ['timezone', 'null or a non-empty string', orNull(text)],
    ['cursor', 'a non-empty string', text],
    ['bytes', 'an integer of at least 0', integer(0)],
    ['items', 'an integer of at least 0', integer(0)],
    ['pages', 'an integer of at least 0', integer(0)],
    [
      'updatedAt',
      'an ISO 8601 time',
      (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
    ],
  ];
}

/**
 * Parses and checks the text of a state file field by field (types, ranges, a non-empty cursor, a
 * known version, provider and resource; versions 2 and 3 also need `tailSha256`). The first problem
 * is a {@link UsageError} such as ``State file /x/e.json is not an export-stream state; remove it to
 * start over (expected `bytes` to be an integer of at least 0, got -5 (number))``: a state that
 * cannot be trusted must not decide what to cut from the output. A version 1 or 2 state (Croct's,
 * with `types`) is returned in the version 3 shape: `provider: 'croct'`, `filters: {events: types}`.
 */
export function validateState(content: string, path: string, command: string): ExportState {
  let state: unknown;
  try {
    state = JSON.parse(content);
  } catch (error) {
    throw refused(path, command, `not valid JSON: ${(error as Error).message}`);
  }
  if (!object(state)) {
    throw invalid(path, command, 'the file', 'a JSON object', state);
  }
  const fields = state as Record<string, unknown>;
  const check = ([field, expected, valid]: Check) => {
    if (!valid(fields[field])) {
      throw invalid(path, command, `\`${field}\``, expected, fields[field]);
    }
  };
  check(['version', '1, 2 or 3 (a newer export-stream may write others)', oneOf([1, 2, 3])]);
  const legacy = fields.version !== 3;
  if (!legacy) {
    const names = PROVIDERS.map((provider) => provider.name);
    check(['provider', choices(names), oneOf(names)]);
  }
  const provider = providerNamed(legacy ? 'croct' : fields.provider)!;
  checks(provider, legacy).forEach(check);
  if (fields.version !== 1 && !/^[0-9a-f]{64}$/.test(String(fields.tailSha256))) {
    throw invalid(path, command, '`tailSha256`', 'a SHA-256 in 64 hex digits', fields.tailSha256);
  }
  if (!legacy) {
    return state as ExportState;
  }
  const {types, ...rest} = fields;
  return {...rest, provider: 'croct', filters: types === null ? {} : {events: types}} as ExportState;
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
