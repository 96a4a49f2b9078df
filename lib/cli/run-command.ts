import {resolve} from 'node:path';
import {redact} from '../core/redact.js';
import type {ExportRequest, RequestEvent, RequestSummary, WindowResult} from '../requests/index.js';
import {type FlagSpecs, stringFlag} from './arguments.js';
import type {CliIo, Command} from './io.js';
import {count, seconds} from './progress.js';
import {exitCodeOf} from './signals.js';
import {UsageError} from './usage-error.js';
import {filesAndFlags, readRequestFile} from './validate-command.js';

const FLAGS: FlagSpecs = Object.freeze({
  'out-dir': {type: 'string', value: 'DIR', description: 'where the files go (required)'},
  'state-dir': {
    type: 'string',
    value: 'DIR',
    description: 'where each request records its exported windows; default: <out-dir>/.export-stream',
  },
  once: {type: 'boolean', description: 'export what is due, then exit (for cron); default: keep running'},
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/** The environment variables whose values no line printed may show. */
const SECRET_VARIABLES = [
  'CROCT_API_KEY',
  'OPENPANEL_CLIENT_SECRET',
  'COVEO_ACCESS_TOKEN',
  'EXPORT_SMTP_URL',
  'SLACK_WEBHOOK_URL',
  'DISCORD_WEBHOOK_URL',
  'TELEGRAM_BOT_TOKEN',
];

/** How often the TTY progress line is redrawn, in milliseconds. */
const REDRAW_EVERY = 250;

/**
 * `export-stream run REQUEST.json… --out-dir DIR [--state-dir DIR] [--once]`: runs every request
 * (see `runRequest`), each under its own lock, concurrently. One line per window on stderr (redrawn
 * with the rows while it runs, on a TTY), then one summary per request. Exits 0, or 1 when a window
 * failed or a request could not run, 2 for an invalid request file or flag, 130/143 when stopped.
 */
export const runCommand: Command = {
  name: 'run',
  usage: 'export-stream run REQUEST.json... --out-dir DIR [--state-dir DIR] [--once]',
  summary:
    'Run export requests: each due window to one file per item, then keep running (or --once, for cron).',
  flags: FLAGS,
  examples: [
    'export-stream run requests/daily-orders.json --out-dir exports',
    'export-stream run requests/*.json --out-dir exports --once   # cron: what is due, then exit',
    'export-stream run daily.json --out-dir /srv/exports --state-dir /var/lib/export-stream',
  ],
  run: async (argv, io) => {
    const {files, values} = filesAndFlags(argv, FLAGS, 'run');
    const outText = stringFlag(values, 'out-dir');
    if (outText === undefined) {
      throw new UsageError('Missing `--out-dir DIR`: where the files go', 'run');
    }
    const outDir = resolve(io.cwd, outText);
    const stateDir = resolve(io.cwd, stringFlag(values, 'state-dir') ?? `${outText}/.export-stream`);
    const requests: ExportRequest[] = [];
    for (const file of files) {
      requests.push(await readRequestFile(file, io.cwd));
    }
    const names = new Set<string>();
    for (const [index, request] of requests.entries()) {
      if (names.has(request.name)) {
        throw new UsageError(
          `Two requests are named "${request.name}" (the second in ${files[index]}): each name has its own state`,
          'run',
        );
      }
      names.add(request.name);
    }
    const {runRequest, localTime, windowText} = await import('../requests/index.js');
    const printer = new Printer(io, requests, {localTime, windowText});
    const settled = await Promise.allSettled(
      requests.map((request) =>
        runRequest(request, {
          outDir,
          stateDir,
          env: io.env,
          signal: io.signal,
          once: values.once === true,
          onEvent: (event) => printer.event(event),
        }),
      ),
    );
    let failed = false;
    for (const [index, outcome] of settled.entries()) {
      if (outcome.status === 'fulfilled') {
        printer.summary(outcome.value);
        failed ||= outcome.value.failures > 0;
      } else {
        failed = true;
        printer.line(`${requests[index]!.name}: ${errorLine(outcome.reason)}`);
      }
    }
    if (io.signal.aborted) {
      return exitCodeOf(io.signal.reason);
    }
    return failed ? 1 : 0;
  },
};

/** An error as the CLI prints it: `Name [CODE]: message` (no brackets without a code). */
export function errorLine(error: unknown): string {
  const {name, code, message} = error as Error & {code?: unknown};
  return `${name}${code === undefined ? '' : ` [${String(code)}]`}: ${message}`;
}

/** How instants and windows read in a request's zone (from the requests module, loaded by `run`). */
type TimeText = Pick<typeof import('../requests/index.js'), 'localTime' | 'windowText'>;

/** Writes the run's lines to stderr: never a secret of the environment, one redrawn line on a TTY. */
class Printer {
  readonly #io: CliIo;
  readonly #secrets: string[];
  readonly #tty: boolean;
  readonly #started = new Map<string, number>();
  /** Each request's zone, by name: windows are shown in it. */
  readonly #zones: ReadonlyMap<string, string>;
  readonly #text: TimeText;
  #drawn = 0;

  constructor(io: CliIo, requests: readonly ExportRequest[], text: TimeText) {
    this.#text = text;
    this.#zones = new Map(requests.map((request) => [request.name, request.format.timezone]));
    this.#io = io;
    this.#tty = io.stderr.isTTY === true;
    this.#secrets = SECRET_VARIABLES.flatMap((name) => (io.env[name] === undefined ? [] : [io.env[name]!]));
  }

  line(text: string): void {
    this.#io.stderr.write(`${this.#tty ? '\r\x1b[2K' : ''}${redact(text, this.#secrets)}\n`);
  }

  event(event: RequestEvent): void {
    const {name} = event;
    if (event.type === 'notice') {
      this.line(`${name}: ${event.text}`);
    } else if (event.type === 'window') {
      this.#started.set(name, performance.now());
    } else if (event.type === 'progress') {
      const now = performance.now();
      if (this.#tty && now - this.#drawn >= REDRAW_EVERY) {
        this.#drawn = now;
        this.#io.stderr.write(
          `\r\x1b[2K${name} ${event.window.key}: item ${event.item + 1}, ${count(event.rows)} rows`,
        );
      }
    } else if (event.type === 'windowDone') {
      this.line(`${name} ${this.#windowLine(name, event.result)}`);
    } else if (event.type === 'wait') {
      this.line(
        `${name}: waiting for the next window, due ${this.#text.localTime(event.until, this.#zones.get(name)!)}`,
      );
    }
  }

  #windowLine(name: string, result: WindowResult): string {
    const elapsed = seconds(performance.now() - this.#started.get(name)!);
    const {window, results, rows, deliveries, error} = result;
    const head = this.#text.windowText(window, this.#zones.get(name)!);
    const sent = deliveries.filter((delivery) => !delivery.ok);
    const failures = sent.map(
      (delivery) => `; ${delivery.medium} notification to ${delivery.target} failed: ${delivery.error}`,
    );
    if (result.status === 'failure') {
      return `${head}: failed after ${elapsed}: ${errorLine(error)}${failures.join('')}`;
    }
    return `${head}: ${count(rows)} rows in ${results.map((file) => file.fileName).join(', ')} (${elapsed})${failures.join('')}`;
  }

  summary(summary: RequestSummary): void {
    const {name, windows, files, rows, failures, next, stopped} = summary;
    const parts = [
      `${count(windows)} ${windows === 1 ? 'window' : 'windows'}`,
      `${count(files)} ${files === 1 ? 'file' : 'files'}`,
      `${count(rows)} rows`,
    ];
    if (failures > 0) {
      parts.push(`${count(failures)} failed`);
    }
    const after = stopped
      ? '; stopped'
      : next === undefined
        ? '; done'
        : `; next window due ${this.#text.localTime(next, this.#zones.get(name)!)}`;
    this.line(`${name}: ${parts.join(', ')}${after}`);
  }
}
