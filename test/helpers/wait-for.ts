/** Options of {@link waitFor}. */
export type WaitForOptions = {
  /**
   * How long to wait before failing, in milliseconds: long enough for a loaded 2-core machine (starting
   * a child process took up to 20 s there with four test files at once beside other work), short enough
   * to fail well before tap's own per-file timeout, with a message that says what never happened.
   * @default 60_000
   */
  readonly timeout?: number;
  /**
   * What is awaited, for the failure message.
   * @default the predicate's source text
   */
  readonly what?: string;
};

/**
 * Polls `predicate` every 2 ms until it holds: waits for an observable state instead of sleeping a fixed
 * time. Rejects after `timeout` with an error naming what was awaited, so a regression fails the test
 * instead of hanging it.
 *
 * @example
 * await waitFor(() => simulator.stats.inFlight === 0, {timeout: 5000});
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  {timeout = 60_000, what = predicate.toString()}: WaitForOptions = {},
): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await predicate())) {
    if (performance.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
