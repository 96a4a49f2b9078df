import type {TemplateVars} from './types.js';

/** `{{ path }}`: a name or a dotted path of names, whitespace inside the braces allowed. */
const placeholder = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}/g;

/** Always known, even when absent from the values (`error` on success renders empty). */
const standardNames: ReadonlySet<string> = new Set([
  'name',
  'window.start',
  'window.end',
  'files',
  'rows',
  'error',
  'status',
]);

const missing = Symbol('missing');

/**
 * Fills `{{name}}`, `{{window.start}}`, `{{window.end}}`, `{{rows}}`, `{{files}}` (the names joined
 * with `, `), `{{error}}`, `{{status}}` and any dotted path into `vars` (`{{ window.start }}` works
 * too). A placeholder naming nothing is left as it is, so that a typo shows in the message received;
 * a standard one without a value (`{{error}}` after a success) renders empty. Only plain lookups of
 * own properties: no expressions, no code, no HTML escaping (the mediums send plain text).
 *
 * @example
 * ```ts
 * renderTemplate('{{rows}} rows in {{ files }}', {rows: 3, files: ['a.csv', 'b.csv'], ...});
 * // '3 rows in a.csv, b.csv'
 * ```
 */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(placeholder, (whole: string, path: string) => {
    const value = lookUp(vars, path);
    if (value === missing) {
      return standardNames.has(path) ? '' : whole;
    }
    return format(value);
  });
}

function lookUp(vars: TemplateVars, path: string): unknown {
  let value: unknown = vars;
  for (const key of path.split('.')) {
    // Own properties only: `{{constructor.name}}` must not reach into prototypes.
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return missing;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined ? missing : value;
}

function format(value: unknown): string {
  if (value === null || typeof value === 'function' || typeof value === 'symbol') {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map(format).join(', ');
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      // A BigInt or a cycle inside: a message must never fail on what a template names.
      return '';
    }
  }
  return String(value);
}
