import {InvalidOptionError} from './errors.js';

/**
 * Guard clauses shared by every option check, so every message has one shape:
 * "Expected `pageSize` to be an integer from 1 to 1000, got 0 (number)".
 */

function integerOption(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionError(name, `an integer ${range}`, value);
  }
  return value;
}

function numberOption(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new InvalidOptionError(name, `a number of at least ${min}`, value);
  }
  return value;
}

function stringOption(name: string, value: unknown, {allowEmpty = false} = {}): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new InvalidOptionError(name, 'a non-empty string', value);
  }
  return value;
}

function booleanOption(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(name, 'a boolean', value);
  }
  return value;
}

function signalOption(name: string, value: unknown): AbortSignal {
  if (!(value instanceof AbortSignal)) {
    throw new InvalidOptionError(name, 'an AbortSignal', value);
  }
  return value;
}

function objectOption(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError(name, 'an object', value);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys an options object does not know: a typo must not be silently ignored. */
function knownKeys(name: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(`${name}.${key}`, `one of the known options (${known.join(', ')})`, key);
    }
  }
}

export {booleanOption, integerOption, knownKeys, numberOption, objectOption, signalOption, stringOption};
