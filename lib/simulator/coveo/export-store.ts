import {mkdtemp, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {csvMembers} from './csv-members.js';
import type {CoveoExportRecord, ExportRequest, ExportStatus} from './export-request.js';
import type {RowSource} from './generate-row.js';
import type {CoveoTable, ResolvedCoveoOptions} from './options.js';
import {writeZip} from './zip-writer.js';

/** A zip on disk. */
type ExportFile = {path: string; size: number};

/** One export and its lifecycle. */
type ExportEntry = {
  index: number;
  id: string;
  createdAt: number;
  request: ExportRequest;
  rows: Partial<Record<CoveoTable, number>>;
  truncated: boolean;
  willFail: boolean;
  status: ExportStatus;
  polls: number;
  availableAt: number;
  /** The zip's size in bytes, once AVAILABLE. */
  size: number;
  /** The zip being written (from creation on); resolves `undefined` when writing failed. */
  file: Promise<ExportFile | undefined> | undefined;
  abort: AbortController;
};

/** Per table, the rows of a window (untruncated), keyed by the upper-case table enum. */
function upperKeyed(counts: ReadonlyMap<CoveoTable, number>): Record<string, number> {
  return Object.fromEntries([...counts].map(([table, count]) => [table.toUpperCase(), count]));
}

/**
 * The simulator's exports: creation (row counts, truncation to the row limit, the zip written to a
 * temporary folder at once), the status transitions at status reads and with time, expiry, deletion,
 * and the cleanup on close.
 */
class ExportStore {
  readonly #options: ResolvedCoveoOptions;
  readonly #source: RowSource;
  readonly #makeId: (index: number) => string;
  readonly #entries = new Map<string, ExportEntry>();
  #dir: Promise<string> | undefined;
  #failQueue = 0;
  #created = 0;

  constructor(options: ResolvedCoveoOptions, source: RowSource, makeId: (index: number) => string) {
    this.#options = options;
    this.#source = source;
    this.#makeId = makeId;
  }

  /** The rows of [from, to) in each table, untruncated. */
  counts(from: number, to: number, tables: readonly CoveoTable[]): Map<CoveoTable, number> {
    return new Map(tables.map((table) => [table, this.#source.timelines[table].range(from, to).count]));
  }

  /** The estimate endpoint's `estimates` object. */
  estimates(from: number, to: number, tables: readonly CoveoTable[]): Record<string, number> {
    return upperKeyed(this.counts(from, to, tables));
  }

  /** Makes the next `count` created exports fail. */
  failNext(count: number): void {
    this.#failQueue += count;
  }

  /** Creates an export (PENDING) and starts writing its zip unless it is to fail. */
  create(request: ExportRequest): ExportEntry {
    this.#created += 1;
    const index = this.#created;
    let left = this.#options.rowLimit;
    let total = 0;
    const rows: Partial<Record<CoveoTable, number>> = {};
    for (const [table, count] of this.counts(request.from, request.to, request.tables)) {
      // The row limit keeps the earliest rows, filling the tables in their order.
      rows[table] = Math.min(count, left);
      left -= rows[table];
      total += count;
    }
    const queued = this.#failQueue > 0;
    this.#failQueue -= queued ? 1 : 0;
    const info = {index, from: request.from, to: request.to, tables: request.tables};
    const entry: ExportEntry = {
      index,
      id: this.#makeId(index),
      createdAt: Date.now(),
      request,
      rows,
      truncated: total > this.#options.rowLimit,
      willFail: queued || this.#options.failExports(info),
      status: 'PENDING',
      polls: 0,
      availableAt: 0,
      size: 0,
      file: undefined,
      abort: new AbortController(),
    };
    if (!entry.willFail) {
      entry.file = this.#write(entry);
    }
    this.#entries.set(entry.id, entry);
    return entry;
  }

  async #write(entry: ExportEntry): Promise<ExportFile | undefined> {
    const {request} = entry;
    let path: string | undefined;
    try {
      this.#dir ??= mkdtemp(join(this.#options.tempDir, 'coveo-simulator-'));
      path = join(await this.#dir, `${entry.id}.zip`);
      const members = csvMembers(this.#source, this.#options, request, entry.rows);
      const {compress} = this.#options;
      const size = await writeZip(path, members, {
        compress,
        mtime: new Date(request.to),
        signal: entry.abort.signal,
      });
      return {path, size};
    } catch {
      // A zip cut short (the export deleted or expired while it was written) must not stay on disk
      // until close: a long-running simulator would fill its temporary folder.
      if (path !== undefined) {
        await rm(path, {force: true});
      }
      return undefined;
    }
  }

  /** The export, brought up to date with time (expiry). */
  get(id: string): ExportEntry | undefined {
    const entry = this.#entries.get(id);
    if (entry?.status === 'AVAILABLE' && Date.now() - entry.availableAt >= this.#options.expireAfterMs) {
      this.expire(id);
    }
    return entry;
  }

  /** Every export, newest first, brought up to date. */
  list(): ExportEntry[] {
    return [...this.#entries.keys()].reverse().map((id) => this.get(id) as ExportEntry);
  }

  /**
   * A status read: counts it and, once the readiness rule holds (`readyAfterPolls` reads and
   * `readyAfterMs` elapsed), ends the PENDING state, waiting for the zip when needed.
   */
  async poll(entry: ExportEntry): Promise<void> {
    entry.polls += 1;
    const {readyAfterPolls, readyAfterMs} = this.#options;
    if (
      entry.status !== 'PENDING' ||
      entry.polls < readyAfterPolls ||
      Date.now() - entry.createdAt < readyAfterMs
    ) {
      return;
    }
    const file = await entry.file;
    // A delete or expireExport() while the zip was being written decided the state already.
    if (entry.status === 'PENDING') {
      entry.status = file === undefined ? 'FAILED' : 'AVAILABLE';
      entry.availableAt = Date.now();
      entry.size = file?.size ?? 0;
    }
  }

  /** The zip of an AVAILABLE export. */
  async file(entry: ExportEntry): Promise<ExportFile> {
    return (await entry.file) as ExportFile;
  }

  /** Ends an export's availability and deletes its zip; false when unknown. */
  expire(id: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      return false;
    }
    entry.status = 'EXPIRED';
    this.#discard(entry);
    return true;
  }

  /** Deletes an export and its zip; false when unknown. */
  delete(id: string): boolean {
    const entry = this.#entries.get(id);
    this.#entries.delete(id);
    if (entry !== undefined) {
      this.#discard(entry);
    }
    return entry !== undefined;
  }

  #discard(entry: ExportEntry): void {
    entry.abort.abort();
    void entry.file?.then((file) => file && rm(file.path, {force: true}));
  }

  /** The simulator's view of every export, newest first. */
  records(): CoveoExportRecord[] {
    return this.list().map((entry) => ({
      id: entry.id,
      status: entry.status,
      from: entry.request.from,
      to: entry.request.to,
      tables: entry.request.tables,
      rows: {...entry.rows},
      truncated: entry.truncated,
      size: entry.status === 'AVAILABLE' ? entry.size : 0,
    }));
  }

  /** Stops every zip being written and deletes the temporary folder. */
  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    for (const entry of entries) {
      entry.abort.abort();
    }
    await Promise.all(entries.map((entry) => entry.file));
    const dir = await this.#dir?.catch(() => undefined);
    if (dir !== undefined) {
      await rm(dir, {recursive: true, force: true});
    }
  }
}

export type {ExportEntry, ExportFile};
export {ExportStore, upperKeyed};
