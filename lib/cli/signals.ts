/** The exit code of a run stopped by a signal: 128 + the signal's number, as shells report it. */
export function exitCodeOf(reason: unknown): number {
  return reason === 'SIGTERM' ? 143 : 130;
}
