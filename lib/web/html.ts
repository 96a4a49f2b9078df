/** A piece of HTML that is already safe: what {@link html} returns; its interpolations are not escaped again. */
export class Html {
  /** The markup. */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The one escaping helper of the web page: text (request names, error messages, anything a user or
 * a provider wrote) made safe in element content and in quoted attribute values.
 *
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/**
 * A template tag for HTML: every interpolated value is escaped with {@link escapeHtml}, except
 * {@link Html} values (other templates); arrays are joined; `undefined`, `null` and `false` render
 * as nothing. Attribute values must be quoted in the template.
 *
 * @example
 * html`<td>${request.name}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let text = strings[0]!;
  values.forEach((value, index) => {
    text += render(value) + strings[index + 1]!;
  });
  return new Html(text);
}

function render(value: unknown): string {
  if (value instanceof Html) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return value.map(render).join('');
  }
  if (value === undefined || value === null || value === false) {
    return '';
  }
  return escapeHtml(value);
}
