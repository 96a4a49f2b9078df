/**
 * One output column: the dotted paths to read (the first one present wins, so that both spellings
 * of the API's fields can feed one column) and the label written in the header or used as the key.
 */
export type Column = {
  /** Alternative dotted paths, tried in order, e.g. `[['id'], ['eventId']]`. */
  readonly paths: readonly (readonly string[])[];
  /** The CSV header cell, or the property name in JSON output. */
  readonly label: string;
};

/**
 * Parses a column list `path[|path...][:Label],...`, e.g. `id|eventId:id,payload.@type:type,timestamp`.
 * A column without a label is labelled with its first path. Throws a `RangeError` naming `--columns`.
 *
 * @example
 * ```ts
 * parseColumns('timestamp:Time,context.url'); // [{paths: [['timestamp']], label: 'Time'}, ...]
 * ```
 */
export function parseColumns(text: string, option = '--columns'): Column[] {
  const columns: Column[] = [];
  const labels = new Set<string>();
  for (const entry of text.split(',')) {
    const colon = entry.indexOf(':');
    const pathText = (colon === -1 ? entry : entry.slice(0, colon)).trim();
    const paths = pathText.split('|').map((path) => path.trim().split('.'));
    const valid = paths.every((path) => path.every((key) => key !== ''));
    const label = colon === -1 ? pathText : entry.slice(colon + 1).trim();
    if (!valid || label === '') {
      throw new RangeError(
        `Expected \`${option}\` to be a comma-separated list of path[:Label] such as "timestamp:Time,context.url", got ${JSON.stringify(text)}`,
      );
    }
    if (labels.has(label)) {
      throw new RangeError(`Expected \`${option}\` to have distinct labels, got "${label}" twice`);
    }
    labels.add(label);
    columns.push({paths, label});
  }
  return columns;
}

/** Reads a dotted path from an item; `undefined` where any step is missing or not an object. */
export function readPath(item: unknown, path: readonly string[]): unknown {
  let value = item;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Reads a column's value: the first of its paths that is present (not `undefined`). */
export function readColumn(item: unknown, column: Column): unknown {
  for (const path of column.paths) {
    const value = readPath(item, path);
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/** Projects an item onto the columns: a new object keyed by label, missing values as `null`. */
export function project(item: unknown, columns: readonly Column[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    row[column.label] = readColumn(item, column) ?? null;
  }
  return row;
}
