#!/usr/bin/env node
import {run} from './run.js';
import {abortOnSignals} from './signals.js';

const controller = new AbortController();
const detach = abortOnSignals(controller, (code) => process.exit(code));
const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
detach();
process.exitCode = code;
