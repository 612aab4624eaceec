import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { ForbiddenError } from '@payesh/core';
import type { Role, User } from '@payesh/contract';
import { findApiToken, findSession, type Store } from '@payesh/store';
import { UnauthenticatedError } from './http-errors.js';

export const SESSION_COOKIE = 'payesh_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Principal {
  readonly user: User;
  /** How the request proved who it is: a session cookie (needs CSRF on writes) or an API token. */
  readonly via: 'session' | 'token';
  readonly sessionToken?: string;
  readonly csrf?: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Finds who is asking (Bearer API token or session cookie); checks the CSRF token on cookie writes. */
export function authenticate(store: Store): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      const user = await findApiToken(store, bearer);
      if (!user) return next(new UnauthenticatedError('unknown, expired or revoked API token'));
      res.locals.principal = { user, via: 'token' } satisfies Principal;
      return next();
    }
    const token = parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];
    if (token) {
      const session = await findSession(store, token);
      if (session) {
        if (!SAFE.has(req.method) && req.get(CSRF_HEADER) !== session.csrf)
          return next(new ForbiddenError(`missing or wrong ${CSRF_HEADER} header`));
        res.locals.principal = {
          user: session.user,
          via: 'session',
          sessionToken: token,
          csrf: session.csrf,
        } satisfies Principal;
      }
    }
    next();
  };
}

/** Only signed-in users with one of `roles` (any role when none is given). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next(new UnauthenticatedError('sign in first'));
    if (roles.length > 0 && !roles.includes(principal.user.role))
      return next(new ForbiddenError(`this needs the role ${roles.join(' or ')}; you are ${principal.user.role}`));
    next();
  };
}

/** Who is asking (set by `authenticate`; routes behind `requireRole` always have one). */
export const principalOf = (res: Response): Principal => res.locals.principal as Principal;
