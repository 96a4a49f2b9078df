import {OpenPanelApi} from '../../lib/openpanel/export-api.js';
import type {OpenPanelSimulator} from '../../lib/simulator/index.js';

/** A client of the simulator's project with quick retries; `extra` adds or overrides options. */
export function openPanelClient(
  simulator: Pick<OpenPanelSimulator, 'clientId' | 'clientSecret' | 'url' | 'projectId'>,
  extra: Record<string, unknown> = {},
): OpenPanelApi {
  return new OpenPanelApi({
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    baseUrl: simulator.url,
    projectId: simulator.projectId,
    retry: {minDelay: 1, maxDelay: 5, maxRetryAfter: 20},
    ...extra,
  });
}
