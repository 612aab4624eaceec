export { SummaryBuilder } from './report-model.js';
export type { ReportFlag, ReportRun, ReportDecision, ReportFormat, ReportLang, ReportSummary, Tally } from './report-model.js';
export { writeReport, evidenceFingerprint, CSV_COLUMNS } from './write-report.js';
export type { ReportSource } from './write-report.js';
export { coverPage, flagPage, reportDocument } from './report-html.js';
export type { EvidenceImages, ReportOptions } from './report-html.js';
export { reportMessages } from './report-messages.js';
export { launchChromium } from './chromium.js';
