import {mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {type ErrorContext, ProtocolError} from '../core/errors.js';
import type {PageHooks, PageResult, PageSource} from '../core/types.js';
import {CsvSyntaxError} from './csv-records.js';
import {decodeCursor, encodeCursor, type RowsPosition} from './cursor.js';
import {downloadExport} from './download.js';
import type {RowsPlan} from './export-options.js';
import {exportObject, waitForExport} from './job.js';
import type {CoveoRequester} from './requester.js';
import type {CoveoRow, CoveoStatusEvent} from './types.js';
import {WindowSplitter} from './window-split.js';
import {createParams} from './wire.js';
import {type TableRows, ZipTables} from './zip-tables.js';

/** The job being read: its zip on disk and the file being read in it. */
type Job = {
  readonly dir: string;
  zip?: ZipTables | undefined;
  rows?: TableRows | undefined;
};

/**
 * The page source of `exportRows`: one job per sub-window (see {@link WindowSplitter}), each created,
 * polled until available, downloaded and read file by file, `pageSize` rows per page. A page's cursor
 * names the sub-window, the job, the file and the rows of it delivered.
 *
 * The zip is spooled to a temporary directory rather than read from the response as it arrives: the
 * consumer's pace must not hold the storage connection open (a slow consumer would outlive the link
 * and the server's idle timeout), a zip is read reliably only through its central directory (at its
 * end), and a resumed stream re-reads the same file. Memory stays bounded by one page of rows and one
 * record, whatever the zip's size; the directory is deleted when the job has been read, and when the
 * stream ends, fails or is destroyed.
 */
export class CoveoRowSource implements PageSource<CoveoRow> {
  readonly #requester: CoveoRequester;
  readonly #plan: RowsPlan;
  readonly #method: string;
  readonly #splitter: WindowSplitter | undefined;
  /** The cursor the last page returned: a request for it continues the job in hand. */
  #expected: string | undefined;
  #position: RowsPosition;
  #job: Job | undefined;
  #inFlight: Promise<unknown> = Promise.resolve();

  constructor(requester: CoveoRequester, plan: RowsPlan, method: string) {
    this.#requester = requester;
    this.#plan = plan;
    this.#method = method;
    this.#splitter =
      plan.query === undefined || !plan.split ? undefined : new WindowSplitter(requester, plan.query, method);
    this.#position = {
      query: plan.fingerprint,
      done: false,
      from: plan.query?.from ?? null,
      to: null,
      exportId: plan.exportId ?? null,
      file: 0,
      fileName: '',
      rows: 0,
    };
  }

  readonly fetchPage = (
    cursor: string | undefined,
    signal: AbortSignal,
    hooks: PageHooks<CoveoRow>,
  ): Promise<PageResult<CoveoRow>> => {
    const page = this.#page(cursor, signal, hooks);
    this.#inFlight = page.catch(() => {});
    return page;
  };

  readonly close = async (): Promise<void> => {
    // The stream aborted the page in flight before closing: once it has settled, nothing more is
    // written to the directory, and the directory is deleted whatever that page left.
    await this.#inFlight;
    await this.#release();
  };

  async #page(
    cursor: string | undefined,
    signal: AbortSignal,
    hooks: PageHooks<CoveoRow>,
  ): Promise<PageResult<CoveoRow>> {
    if (cursor !== this.#expected) {
      // A resume (or the first page of a stream given a cursor): reopen from what the cursor names.
      await this.#release();
      this.#position = decodeCursor(cursor as string);
    }
    const items: CoveoRow[] = [];
    const {pageSize} = this.#plan;
    while (!this.#position.done) {
      const rows = this.#job?.rows ?? (await this.#open(signal, hooks));
      const more = await this.#read(rows, pageSize - items.length, items);
      if (more) {
        return this.#answer(items, false);
      }
      const next = this.#position.file + 1;
      rows.destroy();
      const job = this.#job as Job;
      job.rows = undefined;
      if (next < (job.zip as ZipTables).files.length) {
        this.#position = {...this.#position, file: next, fileName: fileNameOf(job, next), rows: 0};
        job.rows = await (job.zip as ZipTables).rows(next);
      } else {
        await this.#release();
        this.#position = this.#nextWindow();
      }
      if (items.length > 0 && this.#job === undefined) {
        // A job read to its end is a checkpoint: the next page starts with the next job.
        return this.#answer(items, this.#position.done);
      }
    }
    return this.#answer(items, true);
  }

  #answer(items: CoveoRow[], last: boolean): PageResult<CoveoRow> {
    const nextCursor = encodeCursor(this.#position);
    this.#expected = nextCursor;
    return {items, nextCursor, last};
  }

  /** Reads up to `max` rows into `items`, moving the position on; false when the file has no more. */
  async #read(rows: TableRows, max: number, items: CoveoRow[]): Promise<boolean> {
    let more: boolean;
    try {
      more = await rows.read(max, items);
    } catch (error) {
      throw this.#fileError(error);
    }
    this.#position = {...this.#position, rows: rows.count};
    return more && items.length >= this.#plan.pageSize;
  }

  /** After a job's last file: the next sub-window, or the end. */
  #nextWindow(): RowsPosition {
    const {query} = this.#plan;
    const {from, to} = this.#position;
    if (query === undefined || from === null || to === null || to >= query.to) {
      return {...this.#position, done: true};
    }
    return {...this.#position, from: to, to: null, exportId: null, file: 0, fileName: '', rows: 0};
  }

  /** Creates (or reopens) the position's job, waits for it, downloads it and opens its file. */
  async #open(signal: AbortSignal, hooks: PageHooks<CoveoRow>): Promise<TableRows> {
    await this.#release();
    const position = await this.#planned(signal, hooks);
    const exportId = position.exportId as string;
    const window =
      position.from === null || position.to === null
        ? undefined
        : {from: new Date(position.from).toISOString(), to: new Date(position.to).toISOString()};
    const status = (event: CoveoStatusEvent) => hooks.emit('status', event);
    await waitForExport(
      this.#requester,
      exportId,
      this.#plan,
      signal,
      {retry: hooks.retry, status, method: this.#method},
      window,
    );
    const dir = await mkdtemp(join(this.#plan.tempDir, 'export-stream-coveo-'));
    const job: Job = {dir};
    this.#job = job;
    const file = join(dir, 'export.zip');
    await downloadExport(this.#requester, exportId, file, signal, {retry: hooks.retry, method: this.#method});
    try {
      job.zip = await ZipTables.open(file);
    } catch (error) {
      throw new ProtocolError(
        this.#storageContext(exportId),
        `the export's file is not a readable zip (${(error as Error).message})`,
      );
    }
    return this.#seek(job, job.zip, signal);
  }

  /** Opens the position's file and skips the rows its cursor says were delivered. */
  async #seek(job: Job, zip: ZipTables, signal: AbortSignal): Promise<TableRows> {
    const {file, fileName, rows: delivered} = this.#position;
    if (file > 0 || fileName !== '') {
      if (zip.files[file]?.fileName !== fileName) {
        throw new ProtocolError(
          this.#storageContext(this.#position.exportId as string),
          `the export's zip has no file ${JSON.stringify(fileName)} at position ${file}: it is not the export the cursor was made from`,
        );
      }
    }
    if (zip.files.length === 0) {
      // An export of nothing: an empty reader ends the job at once.
      job.rows = emptyRows;
      return emptyRows;
    }
    const rows = await zip.rows(file);
    job.rows = rows;
    this.#position = {...this.#position, fileName: fileNameOf(job, file)};
    let skipped: number;
    try {
      skipped = await rows.skip(delivered, signal);
    } catch (error) {
      throw this.#fileError(error);
    }
    signal.throwIfAborted();
    if (skipped < delivered) {
      throw new ProtocolError(
        this.#storageContext(this.#position.exportId as string),
        `${fileName} has ${skipped} rows, fewer than the ${delivered} the cursor says were delivered`,
      );
    }
    return rows;
  }

  /** The position with its sub-window planned and its job created. */
  async #planned(signal: AbortSignal, hooks: PageHooks<CoveoRow>): Promise<RowsPosition> {
    let position = this.#position;
    if (position.exportId !== null) {
      return position;
    }
    const query = this.#plan.query!;
    const from = position.from as number;
    const to =
      this.#splitter === undefined
        ? query.to
        : await this.#splitter.endOf(from, query.to, signal, hooks.retry);
    const call = {
      method: this.#method,
      httpMethod: 'POST' as const,
      path: '',
      params: createParams(query, from, to),
    };
    const created = exportObject(
      await this.#requester.json(call, signal, hooks.retry),
      this.#createContext(),
    );
    hooks.emit('status', {
      exportId: created.id,
      status: created.status,
      elapsedMs: 0,
      window: {from: new Date(from).toISOString(), to: new Date(to).toISOString()},
    } satisfies CoveoStatusEvent);
    position = {...position, to, exportId: created.id};
    this.#position = position;
    return position;
  }

  /** A file that cannot be read: corrupt in the zip (its CRC, its deflate data), or not CSV. */
  #fileError(error: unknown): unknown {
    const {exportId, fileName} = this.#position;
    if (!(error instanceof CsvSyntaxError)) {
      return new ProtocolError(
        this.#storageContext(exportId as string),
        `${fileName} could not be read from the export's zip (${(error as Error).message})`,
      );
    }
    return new ProtocolError(
      this.#storageContext(exportId as string),
      `${fileName} is not valid CSV: ${error.message}`,
    );
  }

  /** Where a create request's answer failed. */
  #createContext(): ErrorContext {
    const url = this.#requester.url('');
    return {method: this.#method, path: url.pathname + url.search, httpMethod: 'POST'};
  }

  #storageContext(exportId: string): ErrorContext {
    return {method: this.#method, path: `(export ${exportId} file)`};
  }

  async #release(): Promise<void> {
    const job = this.#job;
    this.#job = undefined;
    if (job !== undefined) {
      job.rows?.destroy();
      job.zip?.close();
      await rm(job.dir, {recursive: true, force: true});
    }
  }
}

function fileNameOf(job: Job, index: number): string {
  return (job.zip as ZipTables).files[index]!.fileName;
}

/** The reader of a zip without files. */
const emptyRows = {
  count: 0,
  read: async () => false,
  destroy: () => {},
} as unknown as TableRows;
