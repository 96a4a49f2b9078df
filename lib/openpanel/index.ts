export type {OpenPanelConfigurationParameters} from './configuration.js';
export {OpenPanelConfiguration} from './configuration.js';
export type {OpenPanelChartOptions} from './export-api.js';
export {OpenPanelApi} from './export-api.js';
export type {OpenPanelEventsOptions} from './export-options.js';
export {OPENPANEL_PAGE_SIZE} from './export-options.js';
export {OPENPANEL_RESOURCE_FIELDS} from './fields.js';
export type * from './types.js';
export {OPENPANEL_FILTER_OPERATORS} from './types.js';
