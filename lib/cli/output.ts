import type {FileHandle} from 'node:fs/promises';
import {open} from 'node:fs/promises';
import type {Writable} from 'node:stream';
import type {CrashHook} from './crash-hook.js';

/** Encoded text is written in batches of about this many bytes (and at every checkpoint). */
const BATCH_BYTES = 64 * 1024;

/** Where the encoded export goes: a file we control byte by byte, or a stream such as stdout. */
export type Output = {
  /** Bytes in the output so far, including text still buffered. */
  readonly length: number;
  /** Buffers text; writes the batch (awaiting backpressure) once it is large enough. */
  write(text: string): Promise<void>;
  /** Writes everything buffered. */
  flush(): Promise<void>;
  /** Writes everything buffered and makes it durable (fsync) where the output can. */
  sync(): Promise<void>;
  close(): Promise<void>;
};

abstract class BufferedOutput {
  #chunks: string[] = [];
  #buffered = 0;
  #flushing = 0;
  protected written = 0;

  get length(): number {
    return this.written + this.#flushing + this.#buffered;
  }

  async write(text: string): Promise<void> {
    this.#chunks.push(text);
    this.#buffered += Buffer.byteLength(text);
    if (this.#buffered >= BATCH_BYTES) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.#buffered === 0) {
      return;
    }
    const data = Buffer.from(this.#chunks.join(''));
    this.#chunks = [];
    this.#buffered = 0;
    // Still counted while the write is under way: a checkpoint taken meanwhile must see them.
    this.#flushing = data.length;
    try {
      await this.writeBuffer(data);
      this.written += data.length;
    } finally {
      this.#flushing = 0;
    }
  }

  protected drop(): void {
    this.#chunks = [];
    this.#buffered = 0;
  }

  protected abstract writeBuffer(data: Buffer): Promise<void>;
}

/**
 * A file written through a handle at explicit positions, so that every flushed byte is accounted
 * for and `sync()` really means "on disk".
 */
export class FileOutput extends BufferedOutput implements Output {
  readonly #file: FileHandle;
  readonly #crash: CrashHook;

  private constructor(file: FileHandle, length: number, crash: CrashHook) {
    super();
    this.#file = file;
    this.written = length;
    this.#crash = crash;
  }

  /**
   * Opens `path` fresh (created or emptied) when `resumeAt` is undefined; otherwise opens the
   * existing file and truncates it back to `resumeAt` bytes, removing whatever a crashed run wrote
   * after its last checkpoint. A file shorter than that cannot be resumed: it was changed by hand.
   */
  static async open(path: string, resumeAt: number | undefined, crash: CrashHook): Promise<FileOutput> {
    const file = await open(path, resumeAt === undefined ? 'w' : 'r+');
    try {
      const length = resumeAt ?? 0;
      const {size} = await file.stat();
      if (size < length) {
        throw new Error(
          `${path} has ${size} bytes but its state file records ${length}: it was changed since; remove the state file to start over`,
        );
      }
      if (size > length) {
        await file.truncate(length);
        await file.sync();
      }
      return new FileOutput(file, length, crash);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  protected async writeBuffer(data: Buffer): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const {bytesWritten} = await this.#file.write(data, done, data.length - done, this.written + done);
      done += bytesWritten;
    }
    this.#crash('write');
  }

  async sync(): Promise<void> {
    await this.flush();
    await this.#file.sync();
    this.#crash('sync');
  }

  /** Drops everything after `length` bytes: buffered text, and written bytes by truncating. */
  async rewind(length: number): Promise<void> {
    this.drop();
    if (this.written > length) {
      await this.#file.truncate(length);
      this.written = length;
    }
  }

  async close(): Promise<void> {
    await this.#file.close();
  }
}

/** A stream such as stdout: batches are written with backpressure; it cannot be synced or rewound. */
export class StreamOutput extends BufferedOutput implements Output {
  readonly #stream: Writable;

  constructor(stream: Writable) {
    super();
    this.#stream = stream;
    // Write errors (EPIPE when the reader of a pipe goes away) reach the write callbacks below;
    // without a listener the same error would also crash the process as an unhandled 'error'.
    stream.on('error', () => {});
  }

  protected writeBuffer(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  sync(): Promise<void> {
    return this.flush();
  }

  async close(): Promise<void> {}
}
