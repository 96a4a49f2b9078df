import {describeProblem, type Problem} from '../core/errors.js';

/**
 * Reads an OpenPanel error body into one line: `{"error":"Unauthorized","message":...}` (401),
 * `{"status":403,"message":...}` (400/403/404/429), the older `{"error":"Bad Request","message":
 * "Invalid query parameters","details":[zod issues]}`, or a plain-text 5xx (`{detail: text}`).
 *
 * @example
 * describeOpenPanelProblem({error: 'Unauthorized', message: 'Export: Invalid client secret'});
 * // 'Unauthorized: Export: Invalid client secret'
 */
export function describeOpenPanelProblem(problem: Problem): string {
  const text = describeProblem(problem);
  const details = Array.isArray(problem.details)
    ? problem.details.map(issue).filter((line) => line !== '')
    : [];
  return details.length === 0 ? text : `${text} (${details.join('; ')})`;
}

/** One zod issue as `path: message`, or its message alone. */
function issue(value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'string' ? value : '';
  }
  const {path, message} = value as {path?: unknown; message?: unknown};
  const text = typeof message === 'string' ? message : '';
  return Array.isArray(path) && path.length > 0 && text !== '' ? `${path.join('.')}: ${text}` : text;
}
