import type {Route} from '../http/router.js';
import {createExport} from './create-export.js';
import {deleteExport} from './delete-export.js';
import {download} from './download.js';
import {getExport} from './get-export.js';
import {listExports} from './list-exports.js';
import {listJobs} from './list-jobs.js';
import {openapiRoute} from './openapi-route.js';
import {runNow} from './run-now.js';

/** Every route of the export API. */
export const API_ROUTES: readonly Route[] = Object.freeze([
  createExport,
  listExports,
  getExport,
  deleteExport,
  listJobs,
  download,
  runNow,
  openapiRoute,
]);
