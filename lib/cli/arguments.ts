import {parseArgs} from 'node:util';
import {UsageError} from './usage-error.js';

/** One flag: its parseArgs type plus what `--help` shows. */
export type FlagSpec = {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The placeholder of the value in `--help`, e.g. `FILE`. */
  readonly value?: string;
  readonly description: string;
};

/** A command's flags, declared once: parseArgs reads the types, `--help` reads the rest. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Parsed flag values: strings for string flags, `true` for boolean flags that were given. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** Parses `argv` strictly against `specs`; any parseArgs complaint becomes a {@link UsageError}. */
export function parseFlags(argv: readonly string[], specs: FlagSpecs, command: string): FlagValues {
  const options: Record<string, {type: 'string' | 'boolean'; short?: string}> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short === undefined ? {type: spec.type} : {type: spec.type, short: spec.short};
  }
  try {
    return parseArgs({args: [...argv], options, strict: true, allowPositionals: false}).values;
  } catch (error) {
    if ((error as {code?: unknown}).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      // Not quoted: a stray positional is often a secret pasted without its flag (an API key).
      throw new UsageError(`Unexpected argument: \`${command}\` takes flags only`, command);
    }
    // parseArgs explains how to pass values starting with a dash on later lines; keep the first.
    throw new UsageError((error as Error).message.split('\n')[0]!, command);
  }
}

/** A flag's string value, `undefined` when absent. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads an integer flag in `[min, max]`; throws "Expected `--page-size` to be an integer from 1 to 1000, got "0"". */
export function integerFlag(
  values: FlagValues,
  name: string,
  command: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) {
    return undefined;
  }
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(
      `Expected \`--${name}\` to be an integer ${range}, got ${JSON.stringify(text)}`,
      command,
    );
  }
  return value;
}

/** Reads a flag that must be one of `allowed`. */
export function choiceFlag<V extends string>(
  values: FlagValues,
  name: string,
  command: string,
  allowed: readonly V[],
): V | undefined {
  const text = stringFlag(values, name);
  if (text !== undefined && !allowed.includes(text as V)) {
    throw new UsageError(
      `Expected \`--${name}\` to be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`,
      command,
    );
  }
  return text as V | undefined;
}
