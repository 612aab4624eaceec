import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { storeBackends } from './testing/backends.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'a long password';
const runIt = it;
const skipIt = it.skip;

/** A store whose clock the test moves. */
async function clockStore(path = ':memory:'): Promise<Store & { advance(seconds: number): void }> {
  let t = Date.parse('2026-01-01T08:00:00Z');
  const store = await openStore(path, { now: () => new Date(t) });
  return Object.assign(store, { advance: (s: number) => void (t += s * 1000) });
}

describe('the store file', () => {
  it('is created readable by its owner only, with its -wal and -shm files', async () => {
    const path = join(dir, 'secret.db');
    const store = await openStore(path);
    await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    await createSession(store, await findUserByName(store, 'sara'));
    for (const file of [path, `${path}-wal`, `${path}-shm`])
      expect([file, existsSync(file) && statSync(file).mode & 0o777]).toEqual([file, 0o600]);
    await store.close();
  });

  it('refuses a folder or a file that is not a store, and leaves it as it was (mode included)', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { mode: 0o755 });
    const text = join(dir, 'README.md');
    writeFileSync(text, '# not a store\n', { mode: 0o644 });
    await expect(openStore(folder)).rejects.toMatchObject({
      message: 'cannot open the store: it is a folder, not a store file',
      file: folder,
    });
    await expect(openStore(text)).rejects.toMatchObject({
      message: 'cannot open the store: it is not a Payesh store (not an SQLite database); nothing was changed',
      file: text,
    });
    expect([statSync(folder).mode & 0o777, statSync(text).mode & 0o777]).toEqual([0o755, 0o644]);
    expect(readFileSync(text, 'utf8')).toBe('# not a store\n');
  });

  it('narrows an existing world-readable store to 0600', async () => {
    const path = join(dir, 'old.db');
    writeFileSync(path, '', { mode: 0o644 });
    await (await openStore(path)).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe.each(storeBackends())('accounts on $name', (backend) => {
  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown(), 60_000);
  const fresh = async () => openStore(await backend.location());
  const clock = async () => clockStore(await backend.location());
  const it = backend.skip ? skipIt : runIt;
  const title = (t: string) => `${t}${backend.note}`;

  it(title('normalises (NFKC), refuses mixed alphabets and names that look like an existing one'), async () => {
    const store = await fresh();
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
    await store.close();
  });

  it(title('keeps the look-alike check race-free with a unique key in the database'), async () => {
    const store = await fresh();
    await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
    await expect(
      store.sql.run(
        "INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES ('Sara', 'sara', 'x', 'inspector', 'now')",
      ),
    ).rejects.toThrow(/UNIQUE|unique/);
    await store.close();
  });

  it(title('trims outer spaces from names when adding users and when finding them'), async () => {
    const store = await fresh();
    expect((await addUser(store, { username: ' ali ', password: PASSWORD, role: 'inspector' })).username).toBe('ali');
    expect((await checkPassword(store, 'Ali ', PASSWORD))?.username).toBe('ali');
    await store.close();
  });

  it(
    title('disables (sessions end, tokens die for good), enables, changes passwords and removes, keeping the audit'),
    async () => {
      const store = await clock();
      const admin = await addUser(store, { username: 'admin', password: 'the admin password', role: 'admin' });
      const sara = await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
      const session = await createSession(store, sara);
      const { token } = await createApiToken(store, sara.id, 'nightly');
      await setUserDisabled(store, sara.id, true, admin.id);
      expect([
        await findSession(store, session.token),
        await findApiToken(store, token),
        await checkPassword(store, 'sara', PASSWORD),
      ]).toEqual([null, null, null]);
      await setUserDisabled(store, sara.id, false, admin.id);
      expect(await checkPassword(store, 'sara', PASSWORD)).toMatchObject({ id: sara.id });
      expect(await findApiToken(store, token)).toBeNull(); // tokens do not come back with the user

      const again = await createSession(store, sara);
      await expect(setPassword(store, sara.id, 'short', admin.id)).rejects.toThrow(/at least 12/);
      await setPassword(store, sara.id, 'a brand new passphrase', admin.id);
      expect([await checkPassword(store, 'sara', PASSWORD), await findSession(store, again.token)]).toEqual([
        null,
        null,
      ]);
      expect(await checkPassword(store, 'sara', 'a brand new passphrase')).toMatchObject({ id: sara.id });

      await expect(removeUser(store, admin.id)).rejects.toThrow(
        '"admin" is the last admin who can sign in; add or enable another admin first',
      );
      await removeUser(store, sara.id, admin.id);
      expect(await checkPassword(store, 'sara', 'a brand new passphrase')).toBeNull();
      await expect(findUserByName(store, 'sara')).rejects.toThrow(
        '"sara" is the name of a removed user; removed users stay removed and their names are not reused',
      );
      expect((await listUsers(store)).find((u) => u.id === sara.id)).toMatchObject({
        username: 'sara',
        disabled: true,
        removed: true,
      });
      const audit = (await auditLog(store, { subject: `user:${sara.id}` })).map((a) => [a.action, a.userId]);
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
      await store.close();
    },
  );

  it(
    title('expire (90 days by default), are listed without secrets and revoked by their owner or an admin'),
    async () => {
      const store = await clock();
      const admin = await addUser(store, { username: 'admin', password: 'the admin password', role: 'admin' });
      const sara = await addUser(store, { username: 'sara', password: PASSWORD, role: 'inspector' });
      const reza = await addUser(store, { username: 'reza', password: PASSWORD, role: 'inspector' });
      const nightly = await createApiToken(store, sara.id, 'nightly');
      const week = await createApiToken(store, sara.id, 'one week', 7);
      expect(nightly.expiresAt).toBe('2026-04-01T08:00:00.000Z');
      await expect(createApiToken(store, sara.id, 'forever', 10_000)).rejects.toThrow(
        'a token lives 1-366 days, got 10000',
      );
      expect((await findApiToken(store, week.token))?.id).toBe(sara.id);
      const listed = await listApiTokens(store, { userId: sara.id });
      expect(listed.map((t) => [t.label, t.status, t.lastUsedAt])).toEqual([
        ['one week', 'active', '2026-01-01T08:00:00.000Z'],
        ['nightly', 'active', null],
      ]);
      expect(JSON.stringify(listed)).not.toMatch(/pt_|hash/);
      store.advance(8 * 86_400);
      expect([
        await findApiToken(store, week.token),
        (await listApiTokens(store, { userId: sara.id }))[0]!.status,
      ]).toEqual([null, 'expired']);
      await expect(revokeApiToken(store, nightly.id, reza)).rejects.toThrow(`no API token ${nightly.id}`);
      await revokeApiToken(store, nightly.id, sara);
      expect(await findApiToken(store, nightly.token)).toBeNull();
      const other = await createApiToken(store, sara.id, 'other');
      await revokeApiToken(store, other.id, admin);
      expect((await listApiTokens(store)).map((t) => t.status)).toEqual(['revoked', 'expired', 'revoked']);
      await store.close();
    },
  );

  const limits = { account: 3, ip: 6, firstWaitSeconds: 1, maxWaitSeconds: 8, forgetSeconds: 3600 };

  it(
    title(
      'backs off an account exponentially up to a cap, survives reopening the store, and a success starts it from zero',
    ),
    async () => {
      const path = await backend.location();
      let store = await clockStore(path);
      const sara = { username: 'sara', ip: '10.0.0.1' };
      const first = [];
      for (let i = 0; i < 3; i++) first.push(await beginSignIn(store, sara, limits));
      expect(first).toEqual([0, 0, 0]); // the third failure sets a 1 s wait
      expect(await beginSignIn(store, sara, limits)).toBe(1);
      await store.close();
      store = await clockStore(path); // a restart
      expect(await beginSignIn(store, { ...sara, ip: '10.0.0.2' }, limits)).toBe(1);
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        store.advance(60);
        await beginSignIn(store, { username: 'SARA', ip: `10.0.1.${i}` }, limits);
        waits.push(await beginSignIn(store, sara, limits));
      }
      expect(waits).toEqual([2, 4, 8, 8, 8]);
      store.advance(60);
      expect(await beginSignIn(store, sara, limits)).toBe(0);
      await signInSucceeded(store, sara, limits);
      expect([await beginSignIn(store, sara, limits), await beginSignIn(store, sara, limits)]).toEqual([0, 0]);
      await store.close();
    },
  );

  it(title('locks one account without locking others behind the same address, until the address limit'), async () => {
    const store = await clock();
    const at = (username: string) => beginSignIn(store, { username, ip: '192.0.2.7' }, limits);
    expect([await at('sara'), await at('sara'), await at('sara'), await at('sara')]).toEqual([0, 0, 0, 1]);
    expect([await at('reza'), await at('boss')]).toEqual([0, 0]); // 5 failures from the address
    expect(await at('pia')).toBe(0); // the 6th: the address waits from now on
    expect(await at('nima')).toBe(1);
    expect(await beginSignIn(store, { username: 'nima', ip: '198.51.100.1' }, limits)).toBe(0);
    await store.close();
  });

  it(title('counts every one of many sign-in failures made at once'), async () => {
    const store = await clock();
    const wide = { ...limits, account: 1000, ip: 1000 };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => beginSignIn(store, { username: 'sara', ip: `10.1.0.${i}` }, wide)),
    );
    expect(
      await store.sql.get("SELECT failures FROM sign_in_failures WHERE scope = 'account' AND key = 'sara'"),
    ).toEqual({
      failures: 20,
    });
    await store.close();
  });
});

describe('password policy', () => {
  it('refuses short, name-like, common and repeated passwords, one message per rule', async () => {
    const store = await openStore(':memory:');
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
    expect(await listUsers(store)).toEqual([]);
    await store.close();
  });

  it('refuses passwords zxcvbn finds in under 10^8 guesses, and the user name repeated', async () => {
    const store = await openStore(':memory:');
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
    expect(await listUsers(store)).toEqual([]);
    for (const [username, password] of <[string, string][]>[
      ['sara', 'a long password'],
      ['bench', 'bench password'],
      ['sara', 'sara password 1'],
      ['admin', 'payesh-admin-1403'],
      ['admin', 'soak test passphrase 1403'],
    ]) {
      expect(() => checkPasswordPolicy(username, password, store.commonPasswords()), password).not.toThrow();
    }
    await store.close();
  }, 30_000);
});

describe('API tokens', () => {
  it('gives tokens from before expiry a 90-day life when the store is migrated', async () => {
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
    const store = await openStore(path);
    expect((await listApiTokens(store)).map((t) => t.expiresAt)).toEqual(['2026-04-01T00:00:00.000Z']);
    expect(await store.sql.all('SELECT username, name_key FROM users ORDER BY id')).toEqual([
      { username: 'sara', name_key: 'sara' },
      { username: 'Sara', name_key: null },
    ]);
    await store.close();
  });
});
