import {parseArgs} from 'node:util';
import {shown} from './secret.js';
import {UsageError} from './usage-error.js';

/** One flag: its parseArgs type plus what `--help` shows. */
export type FlagSpec = {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The placeholder of the value in `--help`, e.g. `FILE`. */
  readonly value?: string;
  /** Its value is a secret (`--api-key`): no message shows a value that contains it. */
  readonly secret?: boolean;
  readonly description: string;
};

/** A command's flags, declared once: parseArgs reads the types, `--help` reads the rest. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Parsed flag values: strings for string flags, `true` for boolean flags that were given. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** What the flag readers need: the values, the command whose `--help` to point at, the keys never to show. */
export type Flags = {
  readonly values: FlagValues;
  readonly command: string;
  /** Configured secrets (API key, client secret): a message never shows a value that contains one. */
  readonly secrets: readonly string[];
};

/**
 * Parses `argv` strictly against `specs`; every mistake is a {@link UsageError} that never shows
 * a value that may be a secret (see `shown`): values of unknown flags are not shown at all.
 * `secrets` are keys known before parsing (`CROCT_API_KEY`); the values of secret flags (`--api-key`) are added.
 */
export function parseFlags(
  argv: readonly string[],
  specs: FlagSpecs,
  command: string,
  secrets: readonly string[] = [],
): FlagValues {
  const options: Record<string, {type: 'string' | 'boolean'; short?: string}> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short === undefined ? {type: spec.type} : {type: spec.type, short: spec.short};
  }
  // Not strict: parseArgs's own messages quote what they received; these tokens are checked below.
  const {values, tokens} = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const keys = [
    ...secrets,
    ...tokens.flatMap((token) =>
      token.kind === 'option' && specs[token.name]?.secret === true && typeof token.value === 'string'
        ? [token.value]
        : [],
    ),
  ];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      // Not quoted: a stray positional is often a secret pasted without its flag (an API key).
      throw new UsageError(`Unexpected argument: \`${command}\` takes flags only`, command);
    }
    if (token.kind === 'option-terminator') {
      continue;
    }
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (spec === undefined) {
      throw new UsageError(`Unknown option ${shown(token.rawName, keys)}`, command);
    }
    const flag = `--${token.name}`;
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`\`${flag}\` takes no value`, command);
    }
    if (spec.type === 'string') {
      checkValue(token.value, token.inlineValue === true, flag, spec, command);
    }
  }
  return values;
}

function checkValue(
  value: string | undefined,
  inline: boolean,
  flag: string,
  spec: FlagSpec,
  command: string,
): void {
  if (value === undefined) {
    throw new UsageError(`Missing the value of \`${flag}\`: write \`${flag} ${spec.value}\``, command);
  }
  // As parseArgs's strict mode: `--limit -1` is a mistake more often than a value; `--limit=-1` is a value.
  if (!inline && /^-./.test(value)) {
    throw new UsageError(
      `Missing the value of \`${flag}\`: the next argument is a flag; write \`${flag}=${spec.value}\` for a value that starts with a dash`,
      command,
    );
  }
}

/** A flag's string value, `undefined` when absent. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A received value as messages show it: quoted, or only its length when it may be a secret. */
export function received(flags: Flags, text: string): string {
  return shown(text, flags.secrets);
}

/** Reads an integer flag in `[min, max]`; throws "Expected `--page-size` to be an integer from 1 to 1000, got "0"". */
export function integerFlag(
  flags: Flags,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(
      `Expected \`--${name}\` to be an integer ${range}, got ${received(flags, text)}`,
      flags.command,
    );
  }
  return value;
}

/** Reads a flag that must be one of `allowed`. */
export function choiceFlag<V extends string>(
  flags: Flags,
  name: string,
  allowed: readonly V[],
): V | undefined {
  const text = stringFlag(flags.values, name);
  if (text !== undefined && !allowed.includes(text as V)) {
    throw new UsageError(
      `Expected \`--${name}\` to be one of ${allowed.join(', ')}, got ${received(flags, text)}`,
      flags.command,
    );
  }
  return text as V | undefined;
}
