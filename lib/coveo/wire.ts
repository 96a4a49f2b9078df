import type {ResolvedQuery} from './export-options.js';

/** Query parameters in order; a key may repeat (Coveo reads arrays as repeated keys, `k=a&k=b`). */
export type Params = readonly [string, string][];

/** `base` + `/v15/exports` + `path`, with `org` (when configured) and `params` as repeated keys. */
export function exportsUrl(base: URL, path: string, params: Params, organizationId: string | undefined): URL {
  const url = new URL(base);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/v15/exports${path}`;
  const search = new URLSearchParams();
  if (organizationId !== undefined) {
    search.append('org', organizationId);
  }
  for (const [key, value] of params) {
    search.append(key, value);
  }
  url.search = search.toString();
  return url;
}

/** The parameters of `POST /v15/exports` for `query` over `[from, to)`. */
export function createParams(query: ResolvedQuery, from: number, to: number): Params {
  const params: [string, string][] = [...windowParams(query, from, to)];
  repeat(params, 'dimensions', query.dimensions);
  if (query.format !== undefined) params.push(['format', query.format]);
  if (query.useDisplayNames !== undefined) params.push(['useDisplayNames', String(query.useDisplayNames)]);
  if (query.filename !== undefined) params.push(['filename', query.filename]);
  if (query.description !== undefined) params.push(['d', query.description]);
  return params;
}

/** The parameters `POST /v15/exports` and `GET /v15/exports/estimate` share: window, tables, filters. */
export function windowParams(query: ResolvedQuery, from: number, to: number): Params {
  const params: [string, string][] = [
    ['from', new Date(from).toISOString()],
    ['to', new Date(to).toISOString()],
  ];
  repeat(params, 'tables', query.tables);
  repeat(params, 'f', query.filters.common);
  repeat(params, 'fs', query.filters.searches);
  repeat(params, 'fc', query.filters.customEvents);
  return params;
}

function repeat(params: [string, string][], key: string, values: readonly string[] | undefined): void {
  for (const value of values ?? []) {
    params.push([key, value]);
  }
}
