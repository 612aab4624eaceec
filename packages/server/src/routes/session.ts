import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { serialize } from 'cookie';
import { z } from 'zod';
import { checkPassword, createSession, endSession } from '@payesh/store';
import { principalOf, requireRole, SESSION_COOKIE } from '../auth.js';
import type { ServerContext } from '../context.js';
import { UnauthenticatedError } from '../http-errors.js';

const SignIn = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

/** Sign-in (rate limited), who am I (with the CSRF token to send back), sign-out. */
export function sessionRoutes(ctx: ServerContext): Router {
  const router = Router();
  const limiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: ctx.config.signInLimit, skipSuccessfulRequests: true, standardHeaders: 'draft-8', legacyHeaders: false, message: { error: 'too many sign-in attempts; wait a few minutes' } });
  router.post('/api/session', limiter, async (req, res) => {
    const body = SignIn.parse(req.body);
    const user = await checkPassword(ctx.store, body.username, body.password);
    if (!user) throw new UnauthenticatedError('wrong user name or password');
    const session = createSession(ctx.store, user);
    res.setHeader('Set-Cookie', serialize(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, path: '/', expires: new Date(session.expiresAt) }));
    res.json({ user, csrf: session.csrf, expiresAt: session.expiresAt });
  });
  router.get('/api/session', requireRole(), (_req, res) => {
    const p = principalOf(res);
    res.json({ user: p.user, csrf: p.csrf ?? null });
  });
  router.delete('/api/session', requireRole(), (_req, res) => {
    const p = principalOf(res);
    if (p.sessionToken) endSession(ctx.store, p.sessionToken);
    res.setHeader('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, path: '/', maxAge: 0 }));
    res.status(204).end();
  });
  return router;
}
