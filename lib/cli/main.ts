#!/usr/bin/env node
import {run} from './run.js';
import {exitCodeOf} from './signals.js';

// The first SIGINT or SIGTERM stops gracefully (an abort whose reason names the signal); a second
// one exits at once, for when the graceful stop itself hangs.
const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) {
    process.exit(exitCodeOf(signal));
  }
  controller.abort(signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  // A process that SIGKILLs itself never writes its coverage, so the crash tests cannot record this line.
  /* c8 ignore next */
  kill: () => process.kill(process.pid, 'SIGKILL'),
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
