import {Agent} from 'undici';
import {Configuration, type ConfigurationParameters} from '../../lib/croct/configuration.js';
import {ExportApi} from '../../lib/croct/export-api.js';
import {createSimulator, type Simulator, type SimulatorOptions} from '../../lib/simulator/index.js';

type Teardown = {teardown: (fn: () => unknown) => void};

/**
 * Starts a simulator on port 0 for one test, and a client for it with fast retries (no real
 * waiting) over its own connection pool; both are closed in the test's teardown.
 */
export async function setup(
  t: Teardown,
  options: SimulatorOptions = {},
  configuration: Partial<ConfigurationParameters> = {},
): Promise<{simulator: Simulator; api: ExportApi; dispatcher: Agent}> {
  const simulator = await createSimulator(options);
  const dispatcher = new Agent({keepAliveTimeout: 1000});
  t.teardown(async () => {
    await dispatcher.destroy();
    await simulator.close();
  });
  const api = new ExportApi(
    new Configuration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      dispatcher,
      retry: {minDelay: 0, maxDelay: 0, maxRetryAfter: 0},
      ...configuration,
    }),
  );
  return {simulator, api, dispatcher};
}

/** The ids of events, sessions or users, whatever the schema version's spelling. */
export function ids(items: readonly Record<string, unknown>[]): string[] {
  return items.map((item) => String(item.id ?? item.eventId ?? item.sessionId ?? item.userId));
}

/** Every item of a list endpoint, read with plain requests and no library code: the reference. */
export async function reference(
  simulator: Simulator,
  path: string,
  query: Record<string, string | string[]> = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (;;) {
    const url = new URL(simulator.url + path);
    for (const [key, value] of Object.entries(query)) {
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
    }
    url.searchParams.set('pageSize', '1000');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, {headers: {'x-api-key': simulator.apiKey}});
    const page = (await response.json()) as {items: Record<string, unknown>[]; nextCursor: string};
    if (page.items.length === 0) return items;
    items.push(...page.items);
    cursor = page.nextCursor;
  }
}
