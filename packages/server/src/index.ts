export { createApp, DEFAULT_CONFIG } from './app.js';
export type { PayeshApp } from './app.js';
export type { ServerConfig, OpenRaster } from './context.js';
export { STATUS_OF } from './http-errors.js';
export { SESSION_COOKIE, CSRF_HEADER } from './auth.js';
export { LAYERS, StyleCache, layerPath } from './layers.js';
export type { Layer } from './layers.js';
export { storeReportSource, countReportFlags, selectionQuery } from './report-source.js';
export type { ReportSelection } from './report-source.js';
