import {InvalidOptionError} from '../core/errors.js';

/** Where a {@link RequestValidationError} was found, and how its value may be shown. */
export type RequestErrorOptions = {
  /** The file (or other source) the request came from, e.g. `requests/daily.json`. */
  readonly source?: string | undefined;
  /** The field is missing: the message says so rather than showing `undefined`. */
  readonly missing?: boolean | undefined;
  /** The value may be a secret (a webhook URL, a token): the message gives only its type and length. */
  readonly secret?: boolean | undefined;
};

/**
 * An export request that does not validate: `path` is the field's JSON path, e.g.
 * `format.columns[2].id` (`''` for the request itself), `expected` its expected form and
 * `received` the value found, described (truncated, a possible secret only by its length). The
 * message reads `daily.json: format.columns[2].id: expected a dotted path ..., got ""`. It is an
 * {@link InvalidOptionError} (code `ERR_EXPORT_INVALID_OPTION`) whose `option` is the path.
 */
export class RequestValidationError extends InvalidOptionError {
  override name = 'RequestValidationError';
  /** The JSON path of the field, e.g. `items[0].resource`; `''` for the whole request. */
  readonly path: string;
  /** Where the request came from, when the caller said. */
  readonly source: string | undefined;

  constructor(path: string, expected: string, received: unknown, options: RequestErrorOptions = {}) {
    super(path === '' ? 'request' : path, expected, received, options.secret === true);
    this.path = path;
    this.source = options.source;
    const got = options.missing === true ? 'nothing (the field is missing)' : this.received;
    const where = options.source === undefined ? '' : `${options.source}: `;
    this.message = `${where}${path === '' ? 'the request' : path}: expected ${expected}, got ${got}`;
  }
}
