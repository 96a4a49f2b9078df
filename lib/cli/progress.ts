import type {Writable} from 'node:stream';

/** How often the TTY progress line is redrawn, in milliseconds. */
const REDRAW_EVERY = 250;

/** What a finished (or stopped) export reports. */
export type ProgressTotals = {
  readonly items: number;
  readonly pages: number;
  readonly retries: number;
  readonly elapsed: number;
};

/**
 * The progress of one export on stderr: a line redrawn in place while stderr is a TTY (items,
 * pages, items/s, retries, elapsed), nothing otherwise, and always one summary line at the end.
 * A dozen lines of our own instead of a progress-bar package: the total is unknown (the API has no
 * counts), so there is no bar to draw, and the line must never reach stdout, which carries data.
 */
export class Progress {
  readonly #stderr: Writable;
  readonly #label: string;
  readonly #tty: boolean;
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout | undefined;
  items = 0;
  pages = 0;
  retries = 0;
  /** The status of the job the export waits for (a `'status'` event of the stream), shown while set. */
  status: string | undefined;

  constructor(stderr: Writable, label: string, tty: boolean) {
    this.#stderr = stderr;
    this.#label = label;
    this.#tty = tty;
    if (tty) {
      this.#draw();
      // Unref'd: a progress line must never keep the process alive on its own.
      this.#timer = setInterval(() => this.#draw(), REDRAW_EVERY).unref();
    }
  }

  /** The counts so far and the time since the start, in milliseconds. */
  get totals(): ProgressTotals {
    return {
      items: this.items,
      pages: this.pages,
      retries: this.retries,
      elapsed: performance.now() - this.#started,
    };
  }

  /** Clears the progress line and prints `summary` on its own line. */
  finish(summary: string): void {
    clearInterval(this.#timer);
    this.#stderr.write(`${this.#tty ? '\r\x1b[2K' : ''}${summary}\n`);
  }

  #draw(): void {
    const {items, pages, retries, elapsed} = this.totals;
    this.#stderr.write(
      `\r\x1b[2K${this.#label}: ${this.status === undefined ? '' : `job ${this.status}, `}${count(items)} items, ${count(pages)} pages, ${rate(items, elapsed)}, ${count(retries)} retries, ${seconds(elapsed)}`,
    );
  }
}

/** `12,345` */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `5,432 items/s` */
export function rate(items: number, elapsed: number): string {
  return `${count(Math.round((items * 1000) / Math.max(elapsed, 1)))} items/s`;
}

/** `2.3s` */
export function seconds(elapsed: number): string {
  return `${(elapsed / 1000).toFixed(1)}s`;
}
