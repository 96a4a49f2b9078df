import type {Problem} from '../core/errors.js';

/** The longest summary taken from an HTML error page. */
const maxPageText = 200;

/**
 * Reads a Coveo error body into one line. Coveo's SDK takes the kind from `title`, `type`, `errorCode`
 * or `code` and the detail from `detail` or `message`; the Usage Analytics APIs send
 * `{"message": "...", "type": "..."}` or `{"errorCode": "...", "message": "..."}`; a gateway or WAF
 * answers with an HTML page and storage with XML (`{detail: text}`), summarized by the page's `<title>`
 * (or its text, without tags).
 *
 * @example
 * describeCoveoProblem({message: 'The export does not exist.', type: 'ExportNotFoundException'});
 * // 'The export does not exist. [ExportNotFoundException]'
 */
export function describeCoveoProblem(problem: Problem): string {
  const detail = text(problem.detail) ?? text(problem.message);
  const kind = text(problem.title) ?? text(problem.errorCode) ?? text(problem.code) ?? text(problem.type);
  if (detail !== undefined && kind === undefined && /^\s*</.test(detail)) {
    return htmlSummary(detail);
  }
  return [detail, kind === undefined ? undefined : `[${kind}]`]
    .filter((part) => part !== undefined)
    .join(' ');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An HTML page's `<title>`, else its text (HTML or XML) without tags; whitespace collapsed, at most 200 characters. */
function htmlSummary(page: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(page)?.[1];
  const body = (title ?? page.replace(/<(script|style)[^>]*>[^<]*<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const summary = body.length > maxPageText ? `${body.slice(0, maxPageText - 3)}...` : body;
  // Storage (S3-like) answers in XML: `<Error><Code>AccessDenied</Code><Message>Request has expired`.
  const kind = /<html|<!doctype html/i.test(page) ? 'an HTML page' : 'an XML body';
  return `${kind}${summary === '' ? '' : `: ${summary}`}`;
}
