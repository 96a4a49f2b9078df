import type {Route} from '../http/router.js';
import {ownRecord} from '../present.js';

/**
 * `DELETE /exports/{id}`: no window of it runs again; queued jobs are dropped, a running one is
 * cancelled (embedded: aborted, its temp file removed; distributed: its result is discarded and its
 * file deleted when it arrives); its files and its record are deleted. 204.
 */
export const deleteExport: Route = {
  method: 'DELETE',
  path: '/exports/{id}',
  async handle(context) {
    const record = ownRecord(context);
    const {service, response} = context;
    await service.store.delete(record.id);
    await service.forget(record);
    response.writeHead(204).end();
  },
};
