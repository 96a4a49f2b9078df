import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {ZipFile} from 'yazl';

/** One file of a zip, read from a stream. */
type ZipMember = {name: string; stream: Readable};

/**
 * Writes a zip of `members` to `path` and resolves with its size in bytes. yazl reads each member
 * through a pipe into the file, so generation waits for the disk (backpressure) and memory stays flat
 * whatever the row count. Aborting `signal` stops it and rejects.
 */
async function writeZip(
  path: string,
  members: readonly ZipMember[],
  options: {compress: boolean; mtime: Date; signal: AbortSignal},
): Promise<number> {
  const zip = new ZipFile();
  for (const member of members) {
    zip.addReadStream(member.stream, member.name, {compress: options.compress, mtime: options.mtime});
  }
  zip.end();
  try {
    await pipeline(zip.outputStream, createWriteStream(path), {signal: options.signal});
  } finally {
    // On an abort yazl stops reading; the generators it never finished must not linger.
    for (const member of members) {
      member.stream.destroy();
    }
  }
  return (await stat(path)).size;
}

export type {ZipMember};
export {writeZip};
