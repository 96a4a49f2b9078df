import type {ExportEntry} from './export-store.js';

/** The export object (`ExportResponseV15`) of an export; `downloadLink` (the API's own URL) only when AVAILABLE. */
function renderExport(entry: ExportEntry, baseUrl: string, author: string): Record<string, unknown> {
  const {request} = entry;
  return {
    id: entry.id,
    author,
    startDate: entry.createdAt,
    from: request.from,
    to: request.to,
    filters: request.filters,
    description: request.description,
    size: entry.status === 'AVAILABLE' ? entry.size : 0,
    status: entry.status,
    tables: request.tables,
    downloadable: true,
    dimensions: request.dimensions,
    replayable: false,
    usingDisplayNames: request.useDisplayNames,
    scheduleId: null,
    ...(entry.status === 'AVAILABLE'
      ? {downloadLink: `${baseUrl}/v15/exports/${entry.id}?redirect=true`}
      : {}),
  };
}

/** The zip's file name: the request's `filename`, else the export id, with `.zip`. */
function zipName(entry: ExportEntry): string {
  return `${entry.request.filename ?? entry.id}.zip`;
}

export {renderExport, zipName};
