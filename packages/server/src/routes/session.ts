import { Router } from 'express';
import { serialize } from 'cookie';
import { SignInBodySchema, type ErrorAnswer, type SessionAnswer, type SignInAnswer } from '@payesh/contract';
import { beginSignIn, checkPassword, createSession, endSession, signInSucceeded } from '@payesh/store';
import { principalOf, requireRole, SESSION_COOKIE } from '../auth.js';
import type { ServerContext } from '../context.js';
import { UnauthenticatedError } from '../http-errors.js';

/** Sign-in (failures wait per account and per address), who am I (with the CSRF token to send back), sign-out. */
export function sessionRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.post('/api/session', async (req, res) => {
    const body = SignInBodySchema.parse(req.body);
    const attempt = { username: body.username, ip: req.ip ?? 'unknown' };
    const wait = await beginSignIn(ctx.store, attempt, ctx.config.signInLimits);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({
        error: `too many failed sign-ins for this account or from this address; try again in ${wait} s`,
        retryAfter: wait,
      } satisfies ErrorAnswer);
      return;
    }
    const user = await checkPassword(ctx.store, body.username, body.password);
    if (!user) throw new UnauthenticatedError('wrong user name or password');
    await signInSucceeded(ctx.store, attempt, ctx.config.signInLimits);
    const session = await createSession(ctx.store, user);
    res.setHeader(
      'Set-Cookie',
      serialize(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        path: '/',
        expires: new Date(session.expiresAt),
      }),
    );
    res.json({ user, csrf: session.csrf, expiresAt: session.expiresAt } satisfies SignInAnswer);
  });
  router.get('/api/session', requireRole(), (_req, res) => {
    const p = principalOf(res);
    res.json({ user: p.user, csrf: p.csrf ?? null } satisfies SessionAnswer);
  });
  router.delete('/api/session', requireRole(), async (_req, res) => {
    const p = principalOf(res);
    if (p.sessionToken) await endSession(ctx.store, p.sessionToken);
    res.setHeader(
      'Set-Cookie',
      serialize(SESSION_COOKIE, '', {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        path: '/',
        maxAge: 0,
      }),
    );
    res.status(204).end();
  });
  return router;
}
