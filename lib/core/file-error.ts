/**
 * A file failure, named by action and path, e.g. `Cannot write /x/out.ndjson: ENOSPC: no space left
 * on device, write`. `code` is the system error code; `replaced` tells, for a state write, whether
 * the new state was already renamed into place when the failure came.
 */
export class FileError extends Error {
  override name = 'FileError';
  readonly code: string | undefined;
  readonly replaced: boolean;

  constructor(action: string, path: string, cause: unknown, replaced = false) {
    super(`Cannot ${action} ${path}: ${(cause as Error).message}`, {cause});
    this.code = (cause as NodeJS.ErrnoException).code;
    this.replaced = replaced;
  }
}
