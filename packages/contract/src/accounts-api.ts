import { z } from 'zod';

/*
 * The accounts API: sign-in and session (`/api/session`), users (`/api/users`, admins), API tokens
 * (`/api/tokens`). Lengths and names of users and passwords are checked by the store's policy, with one
 * message per rule; these schemas bound what a request may carry.
 */

/** What a user may do: decide flags, reopen and validate them, download reports, manage users. SQL CHECK `users.role` is tested against it. */
export const ROLES = ['inspector', 'supervisor', 'planner', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** The longest password accepted (characters). */
export const MAX_PASSWORD_LENGTH = 256;
/** How long a new API token lives unless told (days), and at most. */
export const TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

export const UserSchema = z.object({
  id: z.number().int().positive(),
  username: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

/** A user as listed for admins: also when they were added and whether they were removed. */
export const UserListingSchema = UserSchema.extend({ createdAt: z.string(), removed: z.boolean() });
export type UserListing = z.infer<typeof UserListingSchema>;

/** `POST /api/session`. */
export const SignInBodySchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

/** The answer of `POST /api/session` (the session cookie set): the CSRF token to send back on writes. */
export const SignInAnswerSchema = z.object({ user: UserSchema, csrf: z.string(), expiresAt: z.string() });
export type SignInAnswer = z.infer<typeof SignInAnswerSchema>;

/** The answer of `GET /api/session`: who is asking (csrf null for an API token). */
export const SessionAnswerSchema = z.object({ user: UserSchema, csrf: z.string().nullable() });
export type SessionAnswer = z.infer<typeof SessionAnswerSchema>;

/** `POST /api/users`. */
export const NewUserBodySchema = z.strictObject({
  username: z.string().max(256),
  password: z.string().max(MAX_PASSWORD_LENGTH),
  role: RoleSchema,
});
export type NewUserBody = z.infer<typeof NewUserBodySchema>;

/** `PATCH /api/users/:id`: disable or enable, and/or a new password. */
export const UserChangeBodySchema = z.strictObject({
  disabled: z.boolean().optional(),
  password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
});
export type UserChangeBody = z.infer<typeof UserChangeBodySchema>;

/** `{ user }`: the answer of adding or changing a user. */
export const UserAnswerSchema = z.object({ user: UserSchema });
export type UserAnswer = z.infer<typeof UserAnswerSchema>;
export const UserListSchema = z.object({ users: z.array(UserListingSchema) });
export type UserList = z.infer<typeof UserListSchema>;

/** `POST /api/tokens`. */
export const NewTokenBodySchema = z.strictObject({
  label: z.string().min(1).max(100),
  days: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(TOKEN_DAYS),
});
export type NewTokenBody = z.output<typeof NewTokenBodySchema>;

/** `GET /api/tokens?user=name` (admins: another user's). */
export const TokenQuerySchema = z.strictObject({ user: z.string().min(1).max(256).optional() });
export type TokenQuery = z.infer<typeof TokenQuerySchema>;

/** A new API token: the secret, shown once (only its hash is stored). */
export const NewApiTokenSchema = z.object({
  token: z.string(),
  id: z.number().int().positive(),
  expiresAt: z.string(),
});
export type NewApiToken = z.infer<typeof NewApiTokenSchema>;

/** An API token as listed (never its secret nor its hash). */
export const ApiTokenInfoSchema = z.object({
  id: z.number().int().positive(),
  label: z.string(),
  userId: z.number().int().positive(),
  username: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfoSchema>;
export const TokenListSchema = z.object({ tokens: z.array(ApiTokenInfoSchema) });
export type TokenList = z.infer<typeof TokenListSchema>;
