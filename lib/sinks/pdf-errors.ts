import {ExportError} from '../core/errors.js';

/**
 * The PDF sink received more rows than its `maxRows` cap. Raised before the first byte of the PDF is
 * written, so that no truncated document is left behind. Match on `code`: `ERR_PDF_TOO_MANY_ROWS`.
 *
 * @example
 * ```ts
 * if (error instanceof PdfTooManyRowsError) console.error(`export as xlsx: more than ${error.maxRows} rows`);
 * ```
 */
export class PdfTooManyRowsError extends ExportError {
  override name = 'PdfTooManyRowsError';
  /** The cap that was reached. */
  readonly maxRows: number;

  constructor(maxRows: number) {
    super(
      'ERR_PDF_TOO_MANY_ROWS',
      `Expected at most ${maxRows.toLocaleString('en-US')} rows for a PDF (\`maxRows\`), got more: PDF is a report format; export this many rows as csv or xlsx, or raise \`maxRows\``,
    );
    this.maxRows = maxRows;
  }
}
