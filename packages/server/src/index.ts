export { createApp, DEFAULT_CONFIG } from './app.js';
export type { PayeshApp } from './app.js';
export type { ServerConfig, OpenRaster, CacheLimits } from './context.js';
export { parsePublicUrl } from './public-url.js';
export { STATUS_OF } from './http-errors.js';
export { SESSION_COOKIE, CSRF_HEADER } from './auth.js';
export { StyleCache, layerPath } from './layers.js';
export { storeReportSource, countReportFlags, selectionQuery } from './report-source.js';
export type { ReportSelection } from './report-source.js';
