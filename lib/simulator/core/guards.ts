import {InvalidOptionError} from '../../core/errors.js';
import {integerOption, objectOption} from '../../core/validate.js';
import type {FaultKind, RetryAfter} from './options.js';
import {FAULT_KINDS} from './options.js';

/**
 * The simulator's option guards: the library's own (`lib/core/validate.ts`) plus the few shapes only
 * simulators need, all throwing {@link InvalidOptionError} with one message shape:
 * "Expected `latency` to be a number from 0 to 60000, got -1 (number)".
 */

/** An integer from `min` to `max`, both inclusive. */
function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return integerOption(name, value, min, max);
}

/** A number (not NaN) from `min` to `max`, both inclusive; `expected` overrides the wording. */
function numberIn(name: string, value: unknown, min: number, max: number, expected?: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new InvalidOptionError(name, expected ?? `a number ${range}`, value);
  }

  return value;
}

/** One of a few (at least two) literal values. */
function oneOf<T extends string>(name: string, value: unknown, values: readonly T[]): T {
  if (!(values as readonly unknown[]).includes(value)) {
    const expected = values.map((v) => `'${v}'`);
    const last = expected.pop() as string;
    throw new InvalidOptionError(
      name,
      `${expected.join(', ')}${expected.length > 1 ? ',' : ''} or ${last}`,
      value,
    );
  }

  return value as T;
}

/** An array. */
function list(name: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(name, 'an array', value);
  }

  return value;
}

/** A plain object (not null, not an array). */
function object(name: string, value: unknown): Record<string, unknown> {
  return objectOption(name, value);
}

/** A string; `secret` values are described by their length only. */
function text(name: string, value: unknown, {secret = false, allowEmpty = false} = {}): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    throw new InvalidOptionError(name, allowEmpty ? 'a string' : 'a non-empty string', value, secret);
  }

  return value;
}

/** A `Retry-After`: delta-seconds from 0 to 86400, or `'http-date'`. */
function retryAfter(name: string, value: unknown): RetryAfter {
  if (value === 'http-date') {
    return value;
  }

  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400) {
    throw new InvalidOptionError(name, "an integer from 0 to 86400 or 'http-date'", value);
  }

  return value;
}

/** One of {@link FAULT_KINDS}. */
function faultKind(name: string, value: unknown): FaultKind {
  if (!(FAULT_KINDS as readonly unknown[]).includes(value)) {
    throw new InvalidOptionError(name, `one of ${FAULT_KINDS.map((kind) => `'${kind}'`).join(', ')}`, value);
  }

  return value as FaultKind;
}

export {faultKind, integer, list, numberIn, object, oneOf, retryAfter, text};
