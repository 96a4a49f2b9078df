/** A window as `lib/requests` computes it. */
export type PortWindow = {start: Date; end: Date; key: string};

/** What `exportItem` returns (see lib/requests). */
export type PortItemResult = {
  item: number;
  label: string;
  path: string;
  fileName: string;
  rows: number;
  bytes: number;
  contentType: string;
};

/** A notification delivery (see lib/notify). */
export type PortDelivery = {
  policy: string;
  medium: string;
  target: string;
  ok: boolean;
  attempts: number;
  error?: string | undefined;
};

/**
 * The part of `lib/requests` the service uses, as a seam: tests may inject a fake; the service
 * itself only ever uses the real one (`requests-library.ts`). Methods (not function properties) so
 * that the library's precise request type fits the opaque `unknown` here.
 */
export type RequestsLibrary = {
  /** The JSON Schema of a request (`REQUEST_SCHEMA`), embedded in the OpenAPI document. */
  readonly requestSchema: Readonly<Record<string, unknown>>;
  parseRequest(json: unknown): unknown;
  dueWindows(
    request: never,
    options: {now: Date; completed: ReadonlySet<string>; firstRunAt: Date; maxWindows?: number},
  ): readonly PortWindow[];
  nextWindowClose(request: never, options: {now: Date; firstRunAt: Date}): Date | undefined;
  exportItem(
    request: never,
    window: PortWindow,
    itemIndex: number,
    options: {outDir: string; env: Record<string, string | undefined>; signal?: AbortSignal},
  ): Promise<PortItemResult>;
  notifyOutcome(
    request: never,
    outcome: {window: PortWindow; results: PortItemResult[]; error?: unknown},
    options: {env: Record<string, string | undefined>; signal?: AbortSignal},
  ): Promise<readonly PortDelivery[]>;
};

/** A request validation failure as `parseRequest` throws it: a JSON path and a message. */
export type PortValidationError = Error & {path?: unknown; code?: unknown};
