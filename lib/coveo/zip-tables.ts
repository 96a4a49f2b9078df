import type {Readable} from 'node:stream';
import yauzl, {type Entry, type ZipFile} from 'yauzl';
import {CsvRecords, CsvSyntaxError} from './csv-records.js';
import type {CoveoRow} from './types.js';

/** One CSV file of an export's zip. */
export type TableFile = {
  /** Its name in the zip, e.g. `searches.csv`. */
  readonly fileName: string;
  /** The table its rows belong to: the base name in lower case, e.g. `searches`. */
  readonly table: string;
  readonly entry: Entry;
};

/**
 * An export's zip on disk, read through its central directory (so members written with data
 * descriptors, or zip64, read as well as any), one member at a time.
 */
export class ZipTables {
  readonly files: readonly TableFile[];
  readonly #zip: ZipFile;

  private constructor(zip: ZipFile, files: readonly TableFile[]) {
    this.#zip = zip;
    this.files = files;
  }

  /** Opens `path` and lists its CSV files in the central directory's order (every file, if none ends in `.csv`). */
  static async open(path: string): Promise<ZipTables> {
    const zip = await yauzl.openPromise(path, {lazyEntries: true, autoClose: false});
    try {
      const entries = await listEntries(zip);
      const files = entries.filter((entry) => !entry.fileName.endsWith('/'));
      const csv = files.filter((entry) => /\.csv$/i.test(entry.fileName));
      return new ZipTables(
        zip,
        (csv.length > 0 ? csv : files).map((entry) => ({
          fileName: entry.fileName,
          table: tableOf(entry.fileName),
          entry,
        })),
      );
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The rows of file `index`, decompressed as they are read. */
  async rows(index: number): Promise<TableRows> {
    const file = this.files[index] as TableFile;
    return new TableRows(await this.#zip.openReadStreamPromise(file.entry), file.table);
  }

  close(): void {
    this.#zip.close();
  }
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** `dir/Custom_Events.CSV` → `custom_events`. */
export function tableOf(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

/**
 * The rows of one CSV file: its header row names the columns; each data row becomes
 * `{table, ...header → value}`. A row whose field count differs from the header's is a
 * {@link CsvSyntaxError} naming its row number.
 */
export class TableRows {
  readonly #stream: Readable;
  readonly #chunks: AsyncIterator<Buffer>;
  readonly #csv = new CsvRecords();
  readonly #table: string;
  #header: string[] | undefined;
  #records: string[][] = [];
  #next = 0;
  #ended = false;
  /** Data rows read so far (delivered or skipped). */
  count = 0;

  constructor(stream: Readable, table: string) {
    this.#stream = stream;
    this.#chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.#table = table;
  }

  /** Appends up to `max` rows to `out`; false once the file has no more. */
  async read(max: number, out: CoveoRow[]): Promise<boolean> {
    let wanted = max;
    while (wanted > 0) {
      if (!(await this.#fill())) return false;
      const header = this.#header as string[];
      const records = this.#records;
      const table = this.#table;
      const stop = Math.min(records.length, this.#next + wanted);
      for (let index = this.#next; index < stop; index++) {
        out.push(rowOf(table, header, records[index] as string[], this.count + index - this.#next + 1));
      }
      const taken = stop - this.#next;
      this.count += taken;
      wanted -= taken;
      this.#next = stop;
    }
    return true;
  }

  /** Reads past `count` rows; returns how many there were (fewer when the file ends first). */
  async skip(count: number, signal: AbortSignal): Promise<number> {
    let skipped = 0;
    // Stops early when aborted: the caller checks the signal and throws its reason.
    while (skipped < count && !signal.aborted && (await this.#fill())) {
      const taken = Math.min(this.#records.length - this.#next, count - skipped);
      this.#next += taken;
      skipped += taken;
    }
    this.count += skipped;
    return skipped;
  }

  destroy(): void {
    this.#stream.destroy();
  }

  /** Makes at least one unread record available; false at the end of the file. */
  async #fill(): Promise<boolean> {
    while (this.#next >= this.#records.length || this.#header === undefined) {
      if (this.#next >= this.#records.length) {
        if (this.#ended) return false;
        this.#records = [];
        this.#next = 0;
        const chunk = await this.#chunks.next();
        if (chunk.done === true) {
          this.#ended = true;
          this.#csv.end(this.#records);
        } else {
          this.#csv.write(chunk.value, this.#records);
        }
      }
      if (this.#header === undefined && this.#next < this.#records.length) {
        this.#header = this.#records[this.#next++];
      }
    }
    return true;
  }
}

function rowOf(table: string, header: readonly string[], record: readonly string[], line: number): CoveoRow {
  if (record.length !== header.length) {
    throw new CsvSyntaxError(
      `data row ${line} has ${record.length} fields where the header row has ${header.length}`,
    );
  }
  const row: Record<string, string> = {table};
  for (let index = 0; index < header.length; index++) {
    const name = header[index] as string;
    if (name === '__proto__') {
      // Assignment would replace the row's prototype: define the column as a plain property.
      Object.defineProperty(row, name, {
        value: record[index],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      row[name] = record[index] as string;
    }
  }
  return row as CoveoRow;
}
