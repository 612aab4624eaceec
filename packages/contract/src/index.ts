export { ContractError, checkValue } from './check-value.js';
export { FLAG_STATUSES, FlagStatusSchema, OUTCOMES, OutcomeSchema, StatusCountsSchema } from './status.js';
export type { FlagStatus, Outcome, StatusCounts } from './status.js';
export { VIOLATIONS, ViolationSchema, FLAG_CATEGORIES, FlagCategorySchema } from './violation.js';
export type { Violation, FlagCategory } from './violation.js';
export type { ListsEvery } from './lists-every.js';
export { BboxSchema, PolygonSchema, MultiPolygonSchema, FlagGeometrySchema } from './geometry.js';
export type { Bbox, FlagGeometry } from './geometry.js';
export {
  PermitPropertiesSchema,
  FlagPropertiesSchema,
  FlagFeatureSchema,
  migrateFlagProperties,
  parseFlagCollection,
} from './flag-properties.js';
export type { FlagFeature, FlagProperties, PermitProperties } from './flag-properties.js';
export { FLAG_FEATURE_DEFINITIONS, FlagFeaturesSchema } from './flag-features.js';
export type { FeatureDefinition } from './flag-features.js';
export { FlagSummarySchema, DecisionSchema, LockSchema, FlagDetailSchema, FlagPageSchema } from './flag.js';
export type { FlagSummary, Decision, Lock, FlagDetail, FlagPage } from './flag.js';
export {
  RUN_RECORD_VERSION,
  RunInputSchema,
  MethodRecordSchema,
  DetectRunRecordSchema,
  CompareRunRecordSchema,
  RunRecordSchema,
  migrateRunRecord,
  parseRunRecord,
} from './run-record.js';
export type { RunInput, MethodRecord, DetectRunRecord, CompareRunRecord, RunRecord } from './run-record.js';
export type { RunFolder } from './run-folder.js';
export {
  FLAGS_CSV_COLUMNS,
  FlagsCsvColumnSchema,
  REPORT_CSV_COLUMNS,
  REPORT_CSV_SOLAR_HIJRI_COLUMN,
  ReportCsvColumnSchema,
  ReportDatesSchema,
  reportCsvColumns,
} from './flags-csv-columns.js';
export type { FlagsCsvColumn, ReportCsvColumn, ReportDates } from './flags-csv-columns.js';
export {
  DecisionBodySchema,
  ReopenBodySchema,
  FLAG_SORTS,
  FlagSortSchema,
  RunListingSchema,
  RunListSchema,
  MAP_LAYERS,
  MapLayerSchema,
  RunInfoSchema,
  FlagMapFeatureSchema,
  FlagMapCollectionSchema,
  ErrorAnswerSchema,
} from './review-api.js';
export type {
  DecisionBody,
  ReopenBody,
  FlagSort,
  RunListing,
  RunList,
  MapLayer,
  RunInfo,
  FlagMapFeature,
  FlagMapCollection,
  ErrorAnswer,
} from './review-api.js';
export {
  ReportFormatSchema,
  ReportLangSchema,
  ReportStatusSchema,
  ReportQuerySchema,
  ReportJobBodySchema,
  ReportJobViewSchema,
} from './report-api.js';
export type {
  ReportFormat,
  ReportLang,
  ReportStatus,
  ReportQuery,
  ReportJobBody,
  ReportJobRequest,
  ReportJobView,
} from './report-api.js';
export {
  ROLES,
  RoleSchema,
  MAX_PASSWORD_LENGTH,
  TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  UserSchema,
  UserListingSchema,
  SignInBodySchema,
  SignInAnswerSchema,
  SessionAnswerSchema,
  NewUserBodySchema,
  UserChangeBodySchema,
  UserAnswerSchema,
  UserListSchema,
  NewTokenBodySchema,
  TokenQuerySchema,
  NewApiTokenSchema,
  ApiTokenInfoSchema,
  TokenListSchema,
} from './accounts-api.js';
export type {
  Role,
  User,
  UserListing,
  SignInBody,
  SignInAnswer,
  SessionAnswer,
  NewUserBody,
  UserChangeBody,
  UserAnswer,
  UserList,
  NewTokenBody,
  TokenQuery,
  NewApiToken,
  ApiTokenInfo,
  TokenList,
} from './accounts-api.js';
export {
  RankReasonSchema,
  FlagRankingSchema,
  RankingRecordSchema,
  RankingStateSchema,
  RankingSwitchBodySchema,
  RankNowBodySchema,
} from './ranking-api.js';
export type { RankReason, FlagRanking, RankingRecord, RankingState, RankingSwitchBody } from './ranking-api.js';
