/** The exit code of a run stopped by a signal: 128 + the signal's number, as shells report it. */
export function exitCodeOf(reason: unknown): number {
  return reason === 'SIGTERM' ? 143 : 130;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort (a graceful stop whose reason is the signal's
 * name); a second one exits at once, for when the graceful stop itself hangs. Returns a detach
 * function that removes the handlers.
 */
export function abortOnSignals(controller: AbortController, exit: (code: number) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      exit(exitCodeOf(signal));
      return;
    }
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
