/**
 * What a provider declares about the items of one of its resources, for whoever renders them (the
 * CLI and the export requests, through the sinks): one declaration, so that every consumer agrees.
 */
export type ResourceFields = {
  /**
   * The fields that hold times (epoch milliseconds or ISO 8601 strings with a zone): `names` wherever
   * they appear (the last key of a path), `paths` as whole dotted paths, e.g. `window.start`.
   */
  readonly timestampFields: {readonly names?: readonly string[]; readonly paths?: readonly string[]};
  /**
   * The columns a table (CSV, XLSX, PDF) shows by default, as `--columns` takes them:
   * `path[|path...][:Label],...`, e.g. `id|eventId:id,timestamp`.
   */
  readonly columns: string;
};
