import {headerCells, selectColumns} from './columns.js';
import {dialectOf, TableCsvStream} from './csv-stream.js';
import type {ExportRequest} from './export-request.js';
import type {RowSource} from './generate-row.js';
import type {CoveoTable, ResolvedCoveoOptions} from './options.js';
import type {ZipMember} from './zip-writer.js';

/**
 * The zip members of an export: one lazily generated CSV per table, in the request's order, holding
 * `rows[table]` rows from the window's start (fewer than the window holds when truncated).
 */
function csvMembers(
  source: RowSource,
  options: ResolvedCoveoOptions,
  request: ExportRequest,
  rows: Readonly<Partial<Record<CoveoTable, number>>>,
): ZipMember[] {
  const style = request.useDisplayNames ? 'display' : options.headerStyle;
  const dialect = dialectOf(request.format);
  return request.tables.map((table) => {
    const selected = selectColumns(table, request.dimensions);
    const {first} = source.timelines[table].range(request.from, request.to);
    const count = rows[table] as number;
    const header = headerCells(table, selected, style);
    const stream = new TableCsvStream(source, {table, first, count, selected, header, dialect});
    return {name: options.fileNames[table], stream};
  });
}

export {csvMembers};
