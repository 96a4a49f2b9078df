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
