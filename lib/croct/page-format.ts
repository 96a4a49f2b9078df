import {type ErrorContext, type Problem, ProtocolError} from '../core/errors.js';
import type {JsonPageFormat} from '../core/page-request.js';

/**
 * Croct's page envelope `{items: [...], nextCursor?: string | null}`. Every item must be a JSON
 * object: anything else (`null`, a number, a string, an array) breaks the protocol, and is named
 * with its index rather than delivered or silently taken for the end of the stream. `nextCursor` is
 * returned exactly as the body holds it, so the core may read it from the raw text before parsing
 * and request the next page sooner.
 */
export const croctPageFormat: JsonPageFormat<never> = Object.freeze({
  envelope: Object.freeze({items: 'items', cursor: 'nextCursor'}),
  page(body: unknown, context: ErrorContext) {
    if (typeof body !== 'object' || body === null || !Array.isArray((body as {items?: unknown}).items)) {
      throw new ProtocolError(context, 'the response is not an object with an `items` array');
    }
    const {items, nextCursor} = body as {items: unknown[]; nextCursor?: unknown};
    if (nextCursor !== undefined && nextCursor !== null && typeof nextCursor !== 'string') {
      throw new ProtocolError(context, `\`nextCursor\` is a ${typeof nextCursor}, expected a string`);
    }
    return {items, nextCursor};
  },
  item(value: unknown, index: number, context: ErrorContext): never {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new ProtocolError(context, `item ${index} of the page is ${kind}, expected an object`);
    }
    return value as never;
  },
});

/**
 * Croct's problem details (RFC 9457 with `details` as the OpenAPI document spells `detail`, and
 * `violations` on 400s) as one line: "title: detail (violation; violation) [type]".
 */
export function describeCroctProblem(problem: Problem): string {
  const parts = [problem.title, problem.detail ?? problem.details].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  let text = parts.join(': ');
  const {violations} = problem;
  if (Array.isArray(violations) && violations.length > 0) {
    text += ` (${violations.join('; ')})`;
  }
  if (typeof problem.type === 'string') {
    text += ` [${problem.type}]`;
  }
  return text.trim();
}
