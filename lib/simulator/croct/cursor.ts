import {createHash, createHmac} from 'node:crypto';

/** What a cursor is bound to: reusing it with a different scope is a violation. */
type CursorScope = {
  resource: string;
  start: number | undefined;
  end: number | undefined;
  events: readonly string[] | undefined;
  pageSize: number;
};

/** The outcome of reading a cursor: the position to resume at, or why the cursor was refused. */
type CursorResult = {position: number} | {violation: string};

const SIGNATURE_LENGTH = 16;

const FORMAT = 1;

function digest(scope: CursorScope): string {
  const canonical = JSON.stringify([
    scope.resource,
    scope.start ?? null,
    scope.end ?? null,
    scope.events ?? null,
    scope.pageSize,
  ]);

  return createHash('sha256').update(canonical).digest('base64url').slice(0, 11);
}

/**
 * Encodes and checks cursors: base64url JSON of `[format, position, scope digest]` followed by a
 * 16-character HMAC-SHA256 signature keyed by the seed, so any edit makes the cursor malformed.
 */
class CursorCodec {
  readonly #secret: Buffer;

  constructor(seed: number) {
    this.#secret = createHash('sha256').update(`export-stream simulator cursor secret ${seed}`).digest();
  }

  /** The cursor that resumes at `position` (the next item index to scan) within `scope`. */
  encode(scope: CursorScope, position: number): string {
    const body = Buffer.from(JSON.stringify([FORMAT, position, digest(scope)])).toString('base64url');

    return body + this.#sign(body);
  }

  /** Reads a cursor sent with a request of the given scope. */
  decode(cursor: string, scope: CursorScope): CursorResult {
    const body = cursor.slice(0, -SIGNATURE_LENGTH);

    if (body === '' || cursor.slice(-SIGNATURE_LENGTH) !== this.#sign(body)) {
      return {violation: 'cursor is malformed'};
    }

    // The signature matched, so the body is one this codec wrote: it parses and has the expected shape.
    const [, position, bound] = JSON.parse(Buffer.from(body, 'base64url').toString()) as [
      number,
      number,
      string,
    ];

    if (bound !== digest(scope)) {
      return {violation: 'cursor does not match the request filters'};
    }

    return {position};
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url').slice(0, SIGNATURE_LENGTH);
  }
}

export type {CursorResult, CursorScope};
export {CursorCodec};
