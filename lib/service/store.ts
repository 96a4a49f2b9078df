import {mkdir, readdir, readFile, rm, unlink} from 'node:fs/promises';
import {join} from 'node:path';
import {writeFileAtomic} from './atomic-file.js';
import type {ExportRecord} from './types.js';

/**
 * The embedded store: one JSON file per export request (`<dataDir>/exports/<id>.json`) holding the
 * request, its jobs and its window ledger, loaded at start and rewritten atomically on each change.
 * Plain files rather than SQLite: no native module to compile on every `npm ci`, and a request's
 * state is small and changes a few times per window.
 */
export class ExportStore {
  readonly #directory: string;
  readonly #records = new Map<string, ExportRecord>();
  /** One write chain per record: the last state written is the last state saved. */
  readonly #writes = new Map<string, Promise<void>>();
  /** A write queued and not yet started: a save meanwhile joins it (it writes the state of then). */
  readonly #queued = new Map<string, Promise<void>>();

  private constructor(directory: string) {
    this.#directory = directory;
  }

  /** Opens (creating it if needed) the store of `dataDir` and loads every request. */
  static async open(dataDir: string): Promise<ExportStore> {
    const store = new ExportStore(join(dataDir, 'exports'));
    await mkdir(store.#directory, {recursive: true});
    for (const name of (await readdir(store.#directory)).sort()) {
      const path = join(store.#directory, name);
      if (name.endsWith('.tmp')) {
        // A write the process did not finish: the previous version is still in place.
        await rm(path, {force: true});
        continue;
      }
      if (!name.endsWith('.json')) {
        continue;
      }
      let record: ExportRecord;
      try {
        record = JSON.parse(await readFile(path, 'utf8')) as ExportRecord;
      } catch (error) {
        throw new Error(`Cannot read the export store file ${path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      store.#records.set(record.id, record);
    }
    return store;
  }

  /** Every request, oldest first. */
  all(): ExportRecord[] {
    return [...this.#records.values()];
  }

  get(id: string): ExportRecord | undefined {
    return this.#records.get(id);
  }

  /** Adds or replaces a record and writes it. */
  put(record: ExportRecord): Promise<void> {
    this.#records.set(record.id, record);
    return this.save(record);
  }

  /** Writes a record after it changed in memory; writes of one record happen in order. */
  save(record: ExportRecord): Promise<void> {
    const path = join(this.#directory, `${record.id}.json`);
    return this.#chain(record.id, () =>
      this.#records.get(record.id) === record ? writeFileAtomic(path, JSON.stringify(record)) : undefined,
    );
  }

  /** Forgets a record and deletes its file. */
  delete(id: string): Promise<void> {
    this.#records.delete(id);
    return this.#chain(id, () => unlink(join(this.#directory, `${id}.json`)).catch(() => undefined));
  }

  /** Resolves once every write started so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.#writes.values());
  }

  #chain(id: string, write: () => Promise<void> | undefined): Promise<void> {
    const queued = this.#queued.get(id);
    if (queued !== undefined) {
      return queued;
    }
    const previous = this.#writes.get(id) ?? Promise.resolve();
    const run = () => {
      this.#queued.delete(id);
      return write();
    };
    // A failed write does not stop the next one: it writes the whole current state again.
    const next = previous.then(run, run);
    const forget = () => {
      if (this.#writes.get(id) === next) {
        this.#writes.delete(id);
      }
    };
    this.#queued.set(id, next);
    this.#writes.set(id, next);
    next.then(forget, forget);
    return next;
  }
}
