import {StringDecoder} from 'node:string_decoder';

/** A malformed CSV text: where it broke, for the caller's error message. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
}

/**
 * A streaming RFC 4180 reader: bytes in (any chunking), records out as arrays of strings. It reads
 * comma-separated fields, quoted fields with doubled quotes and embedded commas and line breaks, CRLF
 * or LF line ends, a UTF-8 BOM at the start (dropped), and skips empty lines. Only the record in
 * progress is held: memory is bounded by the longest record, not by the file.
 *
 * Hand-written rather than csv-parse's stream: measured on 16-column rows, csv-parse read about 37k
 * rows/s, this reader several times that (see docs/coveo.md); a line without a quote takes the fast
 * path (`indexOf` + `split`).
 */
export class CsvRecords {
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';
  #started = false;

  /** Reads `chunk` and appends every record it completes to `out`. */
  write(chunk: Buffer, out: string[][]): void {
    let text = this.#decoder.write(chunk);
    if (!this.#started && text !== '') {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.#parse(this.#pending === '' ? text : this.#pending + text, false, out);
  }

  /** Ends the text: the last record (without a line break after it) is appended to `out`. */
  end(out: string[][]): void {
    // A BOM was dropped by write() already: the decoder only ever completes one there.
    this.#parse(this.#pending + this.#decoder.end(), true, out);
  }

  #parse(text: string, final: boolean, out: string[][]): void {
    const length = text.length;
    let position = 0;
    while (position < length) {
      const newline = text.indexOf('\n', position);
      if (newline === -1 && !final) break;
      const lineEnd = newline === -1 ? length : newline;
      const line = text.slice(
        position,
        lineEnd > position && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd,
      );
      if (!line.includes('"')) {
        if (line !== '') out.push(line.split(','));
        position = lineEnd + 1;
        continue;
      }
      const next = quotedRecord(text, position, final, out);
      if (next === -1) break;
      position = next;
    }
    this.#pending = position >= length ? '' : text.slice(position);
  }
}

/**
 * Reads one record that holds a quote, from `start`; pushes it and returns where the next record
 * starts, or -1 when the text ends inside it (more is needed).
 */
function quotedRecord(text: string, start: number, final: boolean, out: string[][]): number {
  const fields: string[] = [];
  const length = text.length;
  let index = start;
  for (;;) {
    let value: string;
    if (text.charCodeAt(index) === 34) {
      value = '';
      let from = index + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          if (final) throw new CsvSyntaxError('a quoted field is not closed before the end of the file');
          return -1;
        }
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        if (quote + 1 === length && !final) return -1;
        index = quote + 1;
        break;
      }
      // Text after the closing quote, up to the delimiter (`"a"b`): kept, as spreadsheets do.
      const stop = fieldEnd(text, index);
      value += text.slice(index, stop);
      index = stop;
    } else {
      const stop = fieldEnd(text, index);
      value = text.slice(index, stop);
      index = stop;
    }
    const code = text.charCodeAt(index);
    if (code === 44) {
      fields.push(value);
      index++;
      continue;
    }
    if (index >= length && !final) return -1;
    // After a CR, the LF of a CRLF starts an empty line, which the caller skips.
    fields.push(value);
    out.push(fields);
    return index + 1;
  }
}

/** The index of the next `,`, CR or LF from `from`, or the text's length. */
function fieldEnd(text: string, from: number): number {
  const length = text.length;
  for (let index = from; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 44 || code === 10 || code === 13) return index;
  }
  return length;
}
