/** What makes two runs the same export: a state file only continues an export with equal identity. */
export type ExportIdentity = {
  /** The provider, e.g. `croct` (a version 1 or 2 state, written before there were others, is Croct's). */
  readonly provider: string;
  /** One of the provider's resources, e.g. `events`. */
  readonly resource: string;
  /** The window in epoch milliseconds (`null`: open). */
  readonly start: number | null;
  readonly end: number | null;
  /**
   * The resource's filters, keyed by the library's option names, e.g. `{events: ['orderPlaced']}`
   * (`{}`: none). A version 1 or 2 state's `types` reads as Croct's `{events: types}`.
   */
  readonly filters: Readonly<Record<string, unknown>>;
  /** Croct binds cursors to the page size, so it must not change between runs. */
  readonly pageSize: number;
  readonly format: 'ndjson' | 'csv' | 'json';
  readonly columns: string | null;
  readonly timezone: string | null;
};

/**
 * A committed checkpoint: every item before `cursor` is in the first `bytes` bytes of the output.
 * Version 2 adds `tailSha256`; version 3 replaces `types` by `provider` and `filters`. Version 1 and
 * 2 files are still read (as Croct's), and rewritten as version 3.
 */
export type ExportState = ExportIdentity & {
  readonly version: 1 | 2 | 3;
  readonly cursor: string;
  readonly bytes: number;
  readonly items: number;
  readonly pages: number;
  readonly updatedAt: string;
  /** The SHA-256 (hex) of the output's last 64 KiB (or fewer) before `bytes`: which file this is. */
  readonly tailSha256?: string;
};
