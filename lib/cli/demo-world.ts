import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {SimulatorOptions, TimeWindow} from '../simulator/index.js';

/** Events the demo's shop has at its first run; it then gains {@link EVENTS_PER_SECOND}. */
const BASE_EVENTS = 3000;
const EVENTS_PER_SECOND = 5;
/** Growth is counted in whole steps of 30 events: 10 per session and 3 sessions per user. */
const STEP = 30;

/** The demo's world: when it began and the simulator that reproduces it now. */
export type DemoWorld = {
  /** Epoch milliseconds of the first run in this directory. */
  readonly origin: number;
  /** Whether this is the first run (the origin was just recorded). */
  readonly first: boolean;
  readonly simulator: SimulatorOptions & {
    events: number;
    sessions: number;
    users: number;
    window: TimeWindow;
  };
};

/**
 * Works out the simulator that shows what a live shop would have produced by now. The simulator
 * starts empty of live events in each process, so the demo anchors growth to a wall-clock origin
 * saved in `demo.json` on the first run: `BASE_EVENTS` before it, then `EVENTS_PER_SECOND` after.
 * Event `i` is always at `origin + (i - BASE_EVENTS) * 200 ms`, in session `i / 10` of user `i / 30`,
 * so a later run's simulator (same seed, hence valid cursors) extends the earlier one's data, and
 * the exports' saved cursors pick up exactly the items added since.
 */
export async function demoWorld(dir: string, now: number): Promise<DemoWorld> {
  const path = join(dir, 'demo.json');
  let origin: number | undefined;
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as {origin?: unknown};
    origin = typeof saved.origin === 'number' && saved.origin <= now ? saved.origin : undefined;
  } catch {
    origin = undefined;
  }
  const first = origin === undefined;
  if (origin === undefined) {
    origin = now;
    await writeFile(
      path,
      `${JSON.stringify({origin, note: 'when the demo began; remove this folder to start over'})}\n`,
    );
  }
  const grown = Math.floor(((now - origin) * EVENTS_PER_SECOND) / 1000 / STEP) * STEP;
  const events = BASE_EVENTS + grown;
  const spacing = 1000 / EVENTS_PER_SECOND;
  const start = origin - BASE_EVENTS * spacing;
  return {
    origin,
    first,
    simulator: {
      seed: 1,
      events,
      sessions: events / 10,
      users: events / 30,
      window: {start, end: start + events * spacing},
    },
  };
}

/** Where the demo's recurring request (the shop's events every five minutes, in Rome's time) is saved. */
const REQUEST_FILE = 'demo-request.json';

/**
 * The demo's recurring export request, saved as `demo-request.json` in the demo's directory so that
 * users see a complete request file (and can run it with `export-stream run`). Its windows start
 * where the shop's data starts, on the first run; later runs keep that `periodStart` (the request's
 * state records windows of it) and only point the item at the new simulator's URL.
 */
export async function demoRequest(
  dir: string,
  world: DemoWorld,
  baseUrl: string,
): Promise<{path: string; json: Record<string, unknown>}> {
  const path = join(dir, REQUEST_FILE);
  let periodStart: unknown;
  try {
    periodStart = (JSON.parse(await readFile(path, 'utf8')) as {periodStart?: unknown}).periodStart;
  } catch {
    periodStart = undefined;
  }
  if (typeof periodStart !== 'string') {
    // The minute the shop's data starts, so that the first run already has closed windows.
    periodStart = new Date(Math.floor(world.simulator.window.start / 60_000) * 60_000).toISOString();
  }
  const json = {
    name: 'shop-events',
    type: 'recurring',
    periodicity: 'PT5M',
    periodStart,
    format: {
      extension: 'csv',
      timezone: 'Europe/Rome',
      columns: [
        {id: 'id|eventId', label: 'Event'},
        {id: 'timestamp', label: 'Time (Rome)'},
        {id: 'payload.@type|payload.type', label: 'Type'},
        {id: 'sessionId', label: 'Session'},
      ],
    },
    // Whole windows in one or two pages: the demo stays quick.
    items: [
      {
        provider: 'croct',
        resource: 'events',
        baseUrl,
        pageSize: 1000,
        filename: 'events',
        label: 'Shop events',
      },
    ],
  };
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
  return {path, json};
}
