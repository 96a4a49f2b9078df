import {createHash} from 'node:crypto';
import type {FileHandle} from 'node:fs/promises';
import {open} from 'node:fs/promises';
import type {Writable} from 'node:stream';
import {FileError} from '../core/file-error.js';
import {type CrashHook, raise} from './crash-hook.js';

/** A file failure: it lives below the CLI (the export requests' lock throws it too), re-exported for the CLI's modules. */
export {FileError};

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

/** The durable prefix's fingerprint covers at most this many bytes before the checkpoint. */
export const TAIL_BYTES = 64 * 1024;

/**
 * A file written through a handle at explicit positions, so that every flushed byte is accounted
 * for and `sync()` really means "on disk". A FIFO or a device (`/dev/full`) is written in order
 * instead and never fsynced: it has no positions and fsync would fail with a misleading `EINVAL`.
 */
export class FileOutput extends BufferedOutput implements Output {
  readonly #file: FileHandle;
  readonly #path: string;
  readonly #crash: CrashHook;
  /** A regular file: positioned writes, fsync, truncation. */
  readonly regular: boolean;

  private constructor(file: FileHandle, path: string, regular: boolean, crash: CrashHook) {
    super();
    this.#file = file;
    this.#path = path;
    this.regular = regular;
    this.#crash = crash;
  }

  /** Opens `path` with `flags` (`'w'` fresh, `'w+'` fresh and readable, `'r+'` to continue it). */
  static async open(path: string, flags: 'w' | 'w+' | 'r+', crash: CrashHook): Promise<FileOutput> {
    const file = await open(path, flags);
    const regular = (await file.stat()).isFile();
    return new FileOutput(file, path, regular, crash);
  }

  /** The file's size on disk. */
  async size(): Promise<number> {
    return (await this.#file.stat()).size;
  }

  /** The SHA-256 (hex) of the last {@link TAIL_BYTES} bytes (or fewer) before byte `end`. */
  async digest(end: number): Promise<string> {
    const tail = await this.slice(Math.max(0, end - TAIL_BYTES), end);
    return createHash('sha256').update(tail).digest('hex');
  }

  /** The bytes of the file from `start` to `end` (as far as they exist). */
  async slice(start: number, end: number): Promise<Buffer> {
    const data = Buffer.alloc(end - start);
    const {bytesRead} = await this.#file.read(data, 0, data.length, start);
    return data.subarray(0, bytesRead);
  }

  protected async writeBuffer(data: Buffer): Promise<void> {
    const failure = this.#crash.fault('write', data);
    // An injected failure writes half the batch first, as a disk filling up mid-write does.
    const size = failure === undefined ? data.length : data.length >> 1;
    let done = 0;
    try {
      while (done < size) {
        const at = this.regular ? this.written + done : null;
        done += (await this.#file.write(data, done, size - done, at)).bytesWritten;
      }
      if (failure !== undefined) {
        throw failure;
      }
    } catch (error) {
      throw new FileError('write', this.#path, error);
    }
    this.#crash('write');
  }

  async sync(): Promise<void> {
    await this.flush();
    if (!this.regular) {
      return;
    }
    try {
      raise(this.#crash.fault('sync'));
      await this.#file.sync();
    } catch (error) {
      throw new FileError('fsync', this.#path, error);
    }
    this.#crash('sync');
  }

  /**
   * Drops everything after `length` bytes (by default: the bytes written whole): buffered text, and
   * in a regular file whatever lies past it, also the torn part of a batch whose write failed.
   */
  async rewind(length = this.written): Promise<void> {
    this.drop();
    if (this.regular) {
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
