export { openStore, transaction } from './store.js';
export type { Store, StoreOptions } from './store.js';
export { MIGRATIONS, migrateSqlite } from './migrations.js';
export { PG_MIGRATIONS, migratePostgres } from './pg-migrations.js';
export { isPostgresUrl, redactUrl } from './open-postgres.js';
export { isUniqueViolation } from './sql/sql.js';
export type { Sql, SqlDialect, SqlParams, SqlValue } from './sql/sql.js';
export { recordAudit, auditLog } from './audit.js';
export type { AuditEntry } from './audit.js';
export {
  addUser,
  listUsers,
  userCount,
  adminCount,
  getUser,
  findUserByName,
  checkPassword,
  setUserDisabled,
  setPassword,
  removeUser,
} from './users.js';
export { normaliseUserName, userNameKey } from './user-names.js';
export { MIN_PASSWORD_LENGTH, checkPasswordPolicy } from './password-policy.js';
export { createSession, findSession, endSession } from './sessions.js';
export type { Session } from './sessions.js';
export { createApiToken, findApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
export { DEFAULT_SIGN_IN_LIMITS, beginSignIn, signInSucceeded } from './sign-in-limits.js';
export type { SignInAttempt, SignInLimits } from './sign-in-limits.js';
export { importRun, listRuns, getRun, checkRunId, RUN_ID } from './runs.js';
export type { RunSummary, StoredRun } from './runs.js';
export { listFlags, countByStatus, flagsGeoJson, flagDistricts } from './flags.js';
export type { FlagQuery } from './flags.js';
export {
  LOCK_SECONDS,
  getFlag,
  takeNextFlag,
  lockFlag,
  decideFlag,
  undoDecision,
  reopenFlag,
  validateDecision,
} from './review.js';
export { newSecret } from './passwords.js';
export { rankRun, rankingState, setRankingEnabled, listRankings, fitInThisThread } from './ranking.js';
export type { RankFitter, RankRunOptions } from './ranking.js';
