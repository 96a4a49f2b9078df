import type {InvalidOptionError} from '../index.js';
import {type Flags, received, stringFlag} from './arguments.js';
import {looksLikeSecret} from './secret.js';
import {UsageError} from './usage-error.js';

/**
 * Where a library option comes from on the command line: how messages name it (`` `--types` ``,
 * `` `CROCT_API_KEY` ``) and the flag whose text it is, when the option is that text as typed.
 */
export type OptionSource = {readonly name: string; readonly flag?: string | undefined};

/** The sources of an export's library options, keyed by option name (`events`, `baseUrl`...). */
export type OptionSources = Readonly<Record<string, OptionSource>>;

/**
 * Turns the library's {@link InvalidOptionError} into a {@link UsageError} naming the flag (or variable,
 * or file) the option came from: the library says which option failed (`option`, with a path inside
 * it such as `filters[0].operator`), what it expected and what it received. The received value is the
 * flag's text when the whole option is that text, else the library's description; either is shown
 * only when it cannot be a secret. An option with no source is returned as it is.
 */
export function optionUsageError(
  error: InvalidOptionError,
  flags: Flags,
  sources: OptionSources,
): UsageError | InvalidOptionError {
  const root = error.option.split(/[.[]/, 1)[0]!;
  const path = error.option.slice(root.length);
  const source = Object.hasOwn(sources, root) ? sources[root] : undefined;
  if (source === undefined) {
    return error;
  }
  const text = source.flag === undefined || path !== '' ? undefined : stringFlag(flags.values, source.flag);
  const got =
    text !== undefined
      ? received(flags, text)
      : looksLikeSecret(error.received, flags.secrets)
        ? 'a value that looks like a secret (not shown)'
        : error.received;
  const at = path === '' ? '' : ` at ${path}`;
  return new UsageError(`Expected ${source.name}${at} to be ${error.expected}, got ${got}`, flags.command);
}
