import {mkdir} from 'node:fs/promises';
import {join, relative, resolve} from 'node:path';
import {type FlagSpecs, parseFlags, stringFlag} from './arguments.js';
import {crashHook} from './crash-hook.js';
import {type DemoWorld, demoRequest, demoWorld} from './demo-world.js';
import {openResource, runExport} from './export-runner.js';
import type {CliIo, Command} from './io.js';
import {count, seconds} from './progress.js';
import {croct} from './providers/croct.js';
import {exitCodeOf} from './signals.js';
import {readRequestFile} from './validate-command.js';

const FLAGS: FlagSpecs = Object.freeze({
  dir: {type: 'string', value: 'DIR', description: 'where the files go; default: ./export'},
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/** `export-stream demo` (what `npm start` runs): a simulated shop exported incrementally to NDJSON. */
export const demoCommand: Command = {
  name: 'demo',
  usage: 'export-stream demo [options]',
  summary:
    'Start a simulated shop and export its events, sessions and users; rerun to fetch only what is new.',
  flags: FLAGS,
  examples: ['npm start', 'export-stream demo --dir /tmp/shop'],
  run: async (argv, io) => {
    const values = parseFlags(argv, FLAGS, 'demo');
    const dir = resolve(io.cwd, stringFlag(values, 'dir') ?? 'export');
    await mkdir(dir, {recursive: true});
    const world = await demoWorld(dir, Date.now());
    // Loaded here, not at start-up: the export commands never need the simulator (about 50 ms).
    const {createSimulator} = await import('../simulator/index.js');
    const simulator = await createSimulator(world.simulator);
    const shown = relative(io.cwd, dir) || '.';
    const {events, sessions, users} = world.simulator;
    io.stderr.write(
      `Simulated shop at ${simulator.url}: ${count(events)} events, ${count(sessions)} sessions, ${count(users)} users ` +
        `(${world.first ? 'first run' : `${seconds(Date.now() - world.origin)} after the first run`}).\n`,
    );
    try {
      const api = croct.createApi({apiKey: simulator.apiKey}, simulator.url);
      const context = {
        stdout: io.stdout,
        stderr: io.stderr,
        tty: io.stderr.isTTY === true,
        signal: io.signal,
        crash: crashHook(io.env, io.kill),
      };
      const lines: string[] = [];
      for (const resource of croct.resources) {
        const {name} = resource;
        const out = join(dir, `${name}.ndjson`);
        const outcome = await runExport(
          {
            provider: croct,
            resource,
            identity: {
              provider: croct.name,
              resource: name,
              start: null,
              end: null,
              filters: {},
              pageSize: croct.pageSize.default,
              format: 'ndjson',
              columns: null,
              timezone: null,
            },
            open: (identity, request) => openResource(resource, api, identity, request),
            columns: undefined,
            limit: undefined,
            prefetch: undefined,
            out,
            outLabel: relative(io.cwd, out),
            statePath: join(dir, `${name}.state.json`),
            command: 'demo',
            label: name,
          },
          context,
        );
        if (outcome.stopped) {
          return exitCodeOf(io.signal.reason);
        }
        if (outcome.error !== undefined) {
          throw outcome.error;
        }
        lines.push(
          `  ${relative(io.cwd, out).padEnd(28)} +${count(outcome.totals.items).padEnd(7)} ${count(outcome.total)} in total`,
        );
      }
      io.stderr.write(`\nExported into ${shown}/ (new items, total):\n${lines.join('\n')}\n`);
      const recurring = await runDemoRequest(dir, world, simulator, io);
      if (recurring !== 0) {
        return recurring;
      }
      io.stderr.write(
        `Run it again (npm start) to fetch only what the shop produced since; remove ${shown}/ to start over.\n`,
      );
      return 0;
    } finally {
      await simulator.close();
    }
  },
};

/**
 * The demo's second part: a recurring export request (`demo-request.json`, every five minutes) run
 * once against the simulator, as `export-stream run … --once` would: the windows closed since the
 * last run, one CSV each.
 */
async function runDemoRequest(
  dir: string,
  world: DemoWorld,
  simulator: {url: string; apiKey: string},
  io: CliIo,
): Promise<number> {
  const {path} = await demoRequest(dir, world, simulator.url);
  const file = relative(io.cwd, path);
  const request = await readRequestFile(file, io.cwd);
  const outDir = join(dir, 'requests');
  const {runRequest} = await import('../requests/index.js');
  const summary = await runRequest(request, {
    outDir,
    stateDir: join(outDir, '.export-stream'),
    env: {CROCT_API_KEY: simulator.apiKey},
    signal: io.signal,
    once: true,
  });
  if (summary.stopped) {
    return exitCodeOf(io.signal.reason);
  }
  if (summary.error !== undefined) {
    throw summary.error;
  }
  io.stderr.write(
    `\nRecurring request ${file} (${request.items[0]!.label}, every ${request.periodicity}, in ${request.format.timezone}): ` +
      `new windows: ${count(summary.windows)}, rows: ${count(summary.rows)}, ` +
      `one CSV per window in ${relative(io.cwd, outDir)}/.\n` +
      `The same from a shell: export-stream run ${file} --out-dir ${relative(io.cwd, outDir)} --once\n`,
  );
  return 0;
}
