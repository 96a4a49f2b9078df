import {Agent} from 'undici';
import {CoveoApi, type CoveoConfigurationParameters, type CoveoRow} from '../../lib/coveo/index.js';
import type {ExportStream} from '../../lib/index.js';
import {type CoveoSimulator, createCoveoSimulator} from '../../lib/simulator/coveo/create-simulator.js';

type Teardown = {teardown: (fn: () => unknown) => void};
type SimulatorOptions = Parameters<typeof createCoveoSimulator>[0];

/** The window most Coveo tests export: two days of November 2026. */
export const twoDays = {from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z'} as const;

/**
 * Starts a Coveo simulator on port 0 and a client for it (own connection pool, retries without
 * waiting); both are closed in the test's teardown.
 */
export async function coveoSetup(
  t: Teardown,
  options: SimulatorOptions = {},
  configuration: Partial<CoveoConfigurationParameters> = {},
): Promise<{simulator: CoveoSimulator; api: CoveoApi}> {
  const simulator = await createCoveoSimulator({seed: 7, ...options});
  const dispatcher = new Agent({keepAliveTimeout: 1000});
  t.teardown(async () => {
    await dispatcher.destroy();
    await simulator.close();
  });
  const api = new CoveoApi({
    accessToken: simulator.accessToken,
    baseUrl: simulator.url,
    dispatcher,
    retry: {minDelay: 0, maxDelay: 0, maxRetryAfter: 0},
    ...configuration,
  });
  return {simulator, api};
}

/** Reads a stream to its end. */
export async function collect(stream: ExportStream<CoveoRow>): Promise<CoveoRow[]> {
  const rows: CoveoRow[] = [];
  for await (const row of stream) rows.push(row);
  return rows;
}

/** A row's identity: its table and its own id (every table's first column is an id). */
export function keyOf(row: CoveoRow): string {
  return `${row.table}:${row.searchId ?? ''}:${row.clickId ?? row.customEventId ?? row.keyword ?? row.userGroup ?? ''}:${row.datetime}`;
}
