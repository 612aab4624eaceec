import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addUser,
  auditLog,
  beginSignIn,
  checkPassword,
  checkPasswordPolicy,
  createApiToken,
  createSession,
  findApiToken,
  findSession,
  findUserByName,
  listApiTokens,
  listUsers,
  MIGRATIONS,
  openStore,
  removeUser,
  revokeApiToken,
  setPassword,
  setUserDisabled,
  signInSucceeded,
  type Store,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'a long password';

/** A store whose clock the test moves. */
function clockStore(path = ':memory:'): Store & { advance(seconds: number): void } {
  let t = Date.parse('2026-01-01T08:00:00Z');
  const store = openStore(path, { now: () => new Date(t) });
  return Object.assign(store, { advance: (s: number) => void (t += s * 1000) });
}

describe('the store file', () => {
  it('is created readable by its owner only, with its -wal and -shm files', async () => {
    const path = join(dir, 'secret.db');
    const store = openStore(path);
    await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    createSession(store, findUserByName(store, 'sara'));
    for (const file of [path, `${path}-wal`, `${path}-shm`])
      expect([file, existsSync(file) && statSync(file).mode & 0o777]).toEqual([file, 0o600]);
    store.close();
  });

  it('narrows an existing world-readable store to 0600', () => {
    const path = join(dir, 'old.db');
    writeFileSync(path, '', { mode: 0o644 });
    openStore(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('user names', () => {
  it('normalises (NFKC), refuses mixed alphabets and names that look like an existing one', async () => {
    const store = openStore(':memory:');
    expect((await addUser(store, { username: 'ｓａｒａ', password: PASSWORD, role: 'inspector' })).username).toBe(
      'sara',
    );
    await expect(addUser(store, { username: 'sаra', password: PASSWORD, role: 'admin' })).rejects.toThrow(
      'user name "sаra" mixes alphabets (for example Latin and Cyrillic letters); use one',
    );
    await expect(addUser(store, { username: 'SARA', password: PASSWORD, role: 'admin' })).rejects.toThrow(
      'user name "SARA" looks like the existing user "sara"; choose another',
    );
    await addUser(store, { username: 'pia', password: PASSWORD, role: 'planner' });
    await expect(addUser(store, { username: 'ріа', password: PASSWORD, role: 'admin' })).rejects.toThrow(
      'user name "ріа" looks like the existing user "pia"; choose another',
    ); // all Cyrillic
    await addUser(store, { username: 'maryam', password: PASSWORD, role: 'inspector' });
    await expect(addUser(store, { username: 'rnaryarn', password: PASSWORD, role: 'admin' })).rejects.toThrow(
      /looks like the existing user "maryam"/,
    );
    // Persian names in Arabic script, with Persian digits, stay allowed; so do digits, dots and dashes with Latin.
    for (const username of ['سارا', 'رضا.۱۴۰۳', 'jürgen_2-b'])
      expect((await addUser(store, { username, password: PASSWORD, role: 'planner' })).username).toBe(username);
    expect(await checkPassword(store, 'SARA', PASSWORD)).toMatchObject({ username: 'sara' });
    store.close();
  });

  it('keeps the look-alike check race-free with a unique key in the database', async () => {
    const store = openStore(':memory:');
    await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES ('Sara', 'sara', 'x', 'inspector', 'now')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    store.close();
  });
});

describe('password policy', () => {
  it('refuses short, name-like, common and repeated passwords, one message per rule', async () => {
    const store = openStore(':memory:');
    const cases: [string, string, string][] = [
      ['sara', 'short pass', 'a password needs at least 12 characters (this one has 10)'],
      ['administrator', 'Administrator1', 'a password must not be the user name, or mostly it'],
      ['sara', 'aaaaaaaaaaaaaa', 'too easy to guess: a repeated character ("aaa"); use a few unrelated words'],
      ['sara', 'abcabcabcabc', 'too easy to guess: a repeated pattern ("abcabcabc"); use a few unrelated words'],
      ['sara', 'Qwerty2024!!', 'this password is one of the 10,000 most common ones; choose another'],
      ['sara', 'masterbating', 'this password is one of the 10,000 most common ones; choose another'],
      ['sara', 'Password2024!', 'this password is one of the 10,000 most common ones; choose another'],
      ['sara', 'qwerty123456', 'this password is one of the 10,000 most common ones; choose another'],
    ];
    for (const [username, password, message] of cases)
      await expect(addUser(store, { username, password, role: 'inspector' }), password).rejects.toThrow(message);
    expect(listUsers(store)).toEqual([]);
    store.close();
  });

  it('refuses passwords zxcvbn finds in under 10^8 guesses, and the user name repeated', async () => {
    const store = openStore(':memory:');
    const weak: [string, string][] = [
      ['sara', 'sara-sara-sara'],
      ['sara', 'sarasarasara1'],
      ['sara', 'sara2024sara'],
      ['sara', 'passwordpassword'],
      ['sara', '123456789012'],
      ['sara', 'abcdefghijkl'],
      ['sara', 'qwertyuiopas'],
      ['sara', '1qaz2wsx3edc'],
      ['sara', 'aaaaaaaaaaab'],
      ['ali', 'aliali-aliali'],
    ];
    for (const [username, password] of weak) {
      await expect(addUser(store, { username, password, role: 'inspector' }), password).rejects.toThrow(
        /^(too easy to guess: .+; use a few unrelated words|a password must not be the user name, or mostly it)$/,
      );
    }
    expect(listUsers(store)).toEqual([]);
    for (const [username, password] of <[string, string][]>[
      ['sara', 'a long password'],
      ['bench', 'bench password'],
      ['sara', 'sara password 1'],
      ['admin', 'payesh-admin-1403'],
      ['admin', 'soak test passphrase 1403'],
    ]) {
      expect(() => checkPasswordPolicy(username, password, store.commonPasswords()), password).not.toThrow();
    }
    store.close();
  }, 30_000);
});

describe('users', () => {
  it('trims outer spaces from names when adding users and when finding them', async () => {
    const store = openStore(':memory:');
    expect((await addUser(store, { username: ' ali ', password: PASSWORD, role: 'inspector' })).username).toBe('ali');
    expect((await checkPassword(store, 'Ali ', PASSWORD))?.username).toBe('ali');
    store.close();
  });

  it('disables (sessions end, tokens die for good), enables, changes passwords and removes, keeping the audit', async () => {
    const store = clockStore();
    const admin = await addUser(store, { username: 'admin', password: 'the admin password', role: 'admin' });
    const sara = await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    const session = createSession(store, sara);
    const { token } = createApiToken(store, sara.id, 'nightly');
    setUserDisabled(store, sara.id, true, admin.id);
    expect([
      findSession(store, session.token),
      findApiToken(store, token),
      await checkPassword(store, 'sara', PASSWORD),
    ]).toEqual([null, null, null]);
    setUserDisabled(store, sara.id, false, admin.id);
    expect(await checkPassword(store, 'sara', PASSWORD)).toMatchObject({ id: sara.id });
    expect(findApiToken(store, token)).toBeNull(); // tokens do not come back with the user

    const again = createSession(store, sara);
    await expect(setPassword(store, sara.id, 'short', admin.id)).rejects.toThrow(/at least 12/);
    await setPassword(store, sara.id, 'a brand new passphrase', admin.id);
    expect([await checkPassword(store, 'sara', PASSWORD), findSession(store, again.token)]).toEqual([null, null]);
    expect(await checkPassword(store, 'sara', 'a brand new passphrase')).toMatchObject({ id: sara.id });

    expect(() => removeUser(store, admin.id)).toThrow(
      '"admin" is the last admin who can sign in; add or enable another admin first',
    );
    removeUser(store, sara.id, admin.id);
    expect(await checkPassword(store, 'sara', 'a brand new passphrase')).toBeNull();
    expect(() => findUserByName(store, 'sara')).toThrow(
      '"sara" is the name of a removed user; removed users stay removed and their names are not reused',
    );
    expect(listUsers(store).find((u) => u.id === sara.id)).toMatchObject({
      username: 'sara',
      disabled: true,
      removed: true,
    });
    const audit = auditLog(store, { subject: `user:${sara.id}` }).map((a) => [a.action, a.userId]);
    expect(audit).toEqual([
      ['user.remove', admin.id],
      ['user.password', admin.id],
      ['session.start', sara.id],
      ['user.enable', admin.id],
      ['user.disable', admin.id],
      ['token.create', sara.id],
      ['session.start', sara.id],
      ['user.add', null],
    ]);
    store.close();
  });
});

describe('API tokens', () => {
  it('expire (90 days by default), are listed without secrets and revoked by their owner or an admin', async () => {
    const store = clockStore();
    const admin = await addUser(store, { username: 'admin', password: 'the admin password', role: 'admin' });
    const sara = await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    const reza = await addUser(store, { username: 'reza', password: PASSWORD, role: 'inspector' });
    const nightly = createApiToken(store, sara.id, 'nightly');
    const week = createApiToken(store, sara.id, 'one week', 7);
    expect(nightly.expiresAt).toBe('2026-04-01T08:00:00.000Z');
    expect(() => createApiToken(store, sara.id, 'forever', 10_000)).toThrow('a token lives 1-366 days, got 10000');
    expect(findApiToken(store, week.token)?.id).toBe(sara.id);
    const listed = listApiTokens(store, { userId: sara.id });
    expect(listed.map((t) => [t.label, t.status, t.lastUsedAt])).toEqual([
      ['one week', 'active', '2026-01-01T08:00:00.000Z'],
      ['nightly', 'active', null],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/pt_|hash/);
    store.advance(8 * 86_400);
    expect([findApiToken(store, week.token), listApiTokens(store, { userId: sara.id })[0]!.status]).toEqual([
      null,
      'expired',
    ]);
    expect(() => revokeApiToken(store, nightly.id, reza)).toThrow(`no API token ${nightly.id}`);
    revokeApiToken(store, nightly.id, sara);
    expect(findApiToken(store, nightly.token)).toBeNull();
    const other = createApiToken(store, sara.id, 'other');
    revokeApiToken(store, other.id, admin);
    expect(listApiTokens(store).map((t) => t.status)).toEqual(['revoked', 'expired', 'revoked']);
    store.close();
  });

  it('gives tokens from before expiry a 90-day life when the store is migrated', () => {
    const path = join(dir, 'v1.db');
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.exec(
      "INSERT INTO users (username, password_hash, role, created_at) VALUES ('sara', 'x', 'inspector', '2026-01-01T00:00:00.000Z'), ('Sara', 'x', 'inspector', '2026-01-02T00:00:00.000Z')",
    );
    db.exec(
      "INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ('h', 1, 'old', '2026-01-01T00:00:00.000Z')",
    );
    db.close();
    const store = openStore(path);
    expect(listApiTokens(store).map((t) => t.expiresAt)).toEqual(['2026-04-01T00:00:00.000Z']);
    expect(store.db.prepare('SELECT username, name_key FROM users ORDER BY id').all()).toEqual([
      { username: 'sara', name_key: 'sara' },
      { username: 'Sara', name_key: null },
    ]);
    store.close();
  });
});

describe('sign-in limits', () => {
  const limits = { account: 3, ip: 6, firstWaitSeconds: 1, maxWaitSeconds: 8, forgetSeconds: 3600 };

  it('backs off an account exponentially up to a cap, survives reopening the store, and a success starts it from zero', () => {
    const path = join(dir, 'limits.db');
    let store = clockStore(path);
    const sara = { username: 'sara', ip: '10.0.0.1' };
    expect([0, 1, 2].map(() => beginSignIn(store, sara, limits))).toEqual([0, 0, 0]); // the third failure sets a 1 s wait
    expect(beginSignIn(store, sara, limits)).toBe(1);
    store.close();
    store = clockStore(path); // a restart
    expect(beginSignIn(store, { ...sara, ip: '10.0.0.2' }, limits)).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      store.advance(60);
      beginSignIn(store, { username: 'SARA', ip: `10.0.1.${i}` }, limits);
      waits.push(beginSignIn(store, sara, limits));
    }
    expect(waits).toEqual([2, 4, 8, 8, 8]);
    store.advance(60);
    expect(beginSignIn(store, sara, limits)).toBe(0);
    signInSucceeded(store, sara, limits);
    expect([0, 1].map(() => beginSignIn(store, sara, limits))).toEqual([0, 0]);
    store.close();
  });

  it('locks one account without locking others behind the same address, until the address limit', () => {
    const store = clockStore();
    const at = (username: string) => beginSignIn(store, { username, ip: '192.0.2.7' }, limits);
    expect([at('sara'), at('sara'), at('sara'), at('sara')]).toEqual([0, 0, 0, 1]);
    expect([at('reza'), at('boss')]).toEqual([0, 0]); // 5 failures from the address
    expect(at('pia')).toBe(0); // the 6th: the address waits from now on
    expect(at('nima')).toBe(1);
    expect(beginSignIn(store, { username: 'nima', ip: '198.51.100.1' }, limits)).toBe(0);
    store.close();
  });
});
