import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import type {ExportRequest, RequestValidationError} from '../requests/index.js';
import {type FlagSpecs, type FlagValues, parseFlags} from './arguments.js';
import type {Command} from './io.js';
import {UsageError} from './usage-error.js';

const FLAGS: FlagSpecs = Object.freeze({
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/**
 * Parses a command line of flags and file arguments: the files in order (after `--`, everything is
 * a file), the flags through {@link parseFlags} (strict: unknown flags are usage errors).
 */
export function filesAndFlags(
  argv: readonly string[],
  specs: FlagSpecs,
  command: string,
): {files: string[]; values: FlagValues} {
  const options = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, {type: spec.type}]));
  const {tokens} = parseArgs({args: [...argv], options, strict: false, allowPositionals: true, tokens: true});
  const files: string[] = [];
  const skip = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      files.push(token.value);
      skip.add(token.index);
    } else if (token.kind === 'option-terminator') {
      skip.add(token.index);
    }
  }
  const values = parseFlags(
    argv.filter((_arg, index) => !skip.has(index)),
    specs,
    command,
  );
  if (files.length === 0) {
    throw new UsageError('Missing the request files: name at least one, e.g. `requests/daily.json`', command);
  }
  return {files, values};
}

/**
 * Reads and validates one request file; every problem is a {@link RequestValidationError} whose
 * message starts with the file name (a file that cannot be read or is not JSON included). A
 * syntax error is located by line and column; no part of the file's text is shown.
 */
export async function readRequestFile(file: string, cwd: string): Promise<ExportRequest> {
  // Loaded by the commands that read requests only: the schema validator and the time zone library
  // are not part of an export command's start-up.
  const {parseRequest, RequestValidationError} = await import('../requests/index.js');
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException;
    throw new RequestValidationError('', 'a readable file', `${String(code)} on reading it`, {
      source: file,
    });
  }
  let json: unknown;
  try {
    // A byte order mark, as some Windows editors save UTF-8, is not part of the JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // V8 gives a position for some errors, a quote of the text for others: the position (as a line
    // and column) or the unexpected character is shown, never the quote (the text may hold a secret).
    const {message} = error as Error;
    const position = /at position (\d+)/.exec(message)?.[1];
    const token = /^Unexpected token '(.)'/.exec(message)?.[1];
    let where = 'invalid JSON';
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      where += ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
    } else if (token !== undefined) {
      where += `: unexpected ${JSON.stringify(token)}`;
    }
    throw new RequestValidationError('', 'a JSON document', where, {source: file});
  }
  return parseRequest(json, {source: file});
}

/** `export-stream validate REQUEST.json…`: checks request files, prints each verdict, exits 0 or 2. */
export const validateCommand: Command = {
  name: 'validate',
  usage: 'export-stream validate REQUEST.json... [options]',
  summary: 'Check export request files against the request schema; print what each one would export.',
  flags: FLAGS,
  examples: ['export-stream validate requests/*.json'],
  run: async (argv, io) => {
    const {files} = filesAndFlags(argv, FLAGS, 'validate');
    let invalid = 0;
    for (const file of files) {
      try {
        const request = await readRequestFile(file, io.cwd);
        io.stdout.write(`${file}: valid: ${describeRequest(request)}\n`);
      } catch (error) {
        // Only RequestValidationError comes here: its message names the file and the JSON path.
        const {name, code, message} = error as RequestValidationError;
        invalid++;
        io.stderr.write(`${name} [${code}]: ${message}\n`);
      }
    }
    return invalid === 0 ? 0 : 2;
  },
};

/** One line: `recurring, every P1D from 2026-11-01T00:00:00+01:00 (Europe/Rome), 1 item to xlsx`. */
export function describeRequest(request: ExportRequest): string {
  const {type, periodicity, format, items} = request;
  const what = `${items.length} ${items.length === 1 ? 'item' : 'items'} to ${format.extension}`;
  if (type === 'recurring') {
    const start =
      request.periodStart === undefined
        ? 'aligned to the first run'
        : `from ${request.periodStart.toISOString()}`;
    return `recurring, every ${periodicity} ${start} (${format.timezone}), ${what}`;
  }
  const window =
    request.period === undefined
      ? `from ${request.from!.toISOString()}${request.to === undefined ? ' to the first run' : ` to ${request.to.toISOString()}`}`
      : `the ${request.period} before the first run`;
  return `one time, ${window} (${format.timezone}), ${what}`;
}
