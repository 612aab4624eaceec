import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, auditLog, checkPassword, findUserByName, openStore, removeUser } from '@payesh/store';
import { spawnCli } from '../testing/spawn-cli.js';
import { EXIT, runCli } from '../index.js';
import type { CommandContext } from '../context.js';

const root = new URL('../../../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'payesh-cli-accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process with the given environment (no terminal unless `askSecret` is given). */
async function run(
  args: string[],
  extra: Partial<CommandContext> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    signal: new AbortController().signal,
    env: {},
    ...extra,
  });
  return { code, out, err };
}

const passwordFile = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
};

describe('payesh user', () => {
  it('takes the password from a file, the environment or a terminal, and says how when there is none', async () => {
    const db = join(dir, 'pw.db');
    expect(
      await run([
        'user',
        'add',
        'sara',
        '--role',
        'inspector',
        '--password-file',
        passwordFile('sara.txt', 'a long password\n'),
        '--db',
        db,
      ]),
    ).toEqual({ code: 0, out: `added inspector "sara" to ${db}\n`, err: '' });
    expect(
      (
        await run(['user', 'add', 'reza', '--role', 'inspector', '--db', db], {
          env: { PAYESH_PASSWORD: 'reza long password' },
        })
      ).code,
    ).toBe(EXIT.ok);
    const none = await run(['user', 'add', 'nima', '--role', 'inspector', '--db', db]);
    expect([none.code, none.err]).toEqual([
      EXIT.input,
      'payesh: give the password with --password-file <file> or the environment variable PAYESH_PASSWORD, or run on a terminal to be asked (--password works too but shows in ps)\n',
    ]);
    const missing = await run([
      'user',
      'add',
      'nima',
      '--role',
      'inspector',
      '--password-file',
      join(dir, 'nope.txt'),
      '--db',
      db,
    ]);
    expect([missing.code, missing.err]).toEqual([
      EXIT.input,
      `payesh: ${join(dir, 'nope.txt')}: --password-file: cannot read the password file: no such file\n`,
    ]);
    const weak = await run(['user', 'add', 'nima', '--role', 'inspector', '--db', db], {
      env: { PAYESH_PASSWORD: 'password1234' },
    });
    expect([weak.code, weak.err]).toEqual([
      EXIT.input,
      'payesh: this password is one of the 10,000 most common ones; choose another\n',
    ]);
    const store = await openStore(db);
    expect(
      [
        await checkPassword(store, 'sara', 'a long password'),
        await checkPassword(store, 'reza', 'reza long password'),
      ].map((u) => u?.username),
    ).toEqual(['sara', 'reza']);
    await store.close();
  });

  it('asks on a real terminal without echoing the password', async () => {
    const db = join(dir, 'tty.db');
    // `script` gives the CLI a pseudo-terminal as stdin and stdout.
    const child = spawn(
      'script',
      [
        '-qec',
        `${process.execPath} --import tsx packages/cli/src/bin.ts user add pia --role planner --db ${db}`,
        '/dev/null',
      ],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let screen = '';
    child.stdout.on('data', (d) => (screen += d));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !screen.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor('password for "pia": ');
    child.stdin.write('pia planner secret\r');
    await waitFor('the same again: ');
    child.stdin.write('pia planner secret\r');
    const [code] = await once(child, 'exit');
    expect([code, screen.includes('added planner "pia"'), screen.includes('secret')]).toEqual([0, true, false]);
    const store = await openStore(db);
    expect((await checkPassword(store, 'pia', 'pia planner secret'))?.username).toBe('pia');
    await store.close();
  }, 60_000);

  it('lists, disables, enables, sets passwords and removes users; the audit keeps who did what', async () => {
    const db = join(dir, 'life.db');
    const env = { PAYESH_PASSWORD: 'a long password' };
    for (const name of ['admin', 'sara'])
      expect(
        (await run(['user', 'add', name, '--role', name === 'admin' ? 'admin' : 'inspector', '--db', db], { env }))
          .code,
      ).toBe(EXIT.ok);
    expect((await run(['user', 'disable', 'sara', '--db', db])).out).toBe(`disabled "sara" in ${db}\n`);
    expect((await run(['user', 'list', '--db', db])).out).toMatch(
      /^1\tadmin\tadmin\tactive\tadded \S+\n2\tsara\tinspector\tdisabled\tadded \S+\n$/,
    );
    expect((await run(['user', 'enable', 'SARA', '--db', db])).out).toBe(`enabled "sara" in ${db}\n`);
    expect(
      (await run(['user', 'passwd', 'sara', '--db', db], { env: { PAYESH_PASSWORD: 'a newer passphrase' } })).out,
    ).toBe(`set the password of "sara" in ${db}\n`);
    expect((await run(['user', 'remove', 'sara', '--db', db])).code).toBe(EXIT.ok);
    expect((await run(['user', 'list', '--db', db])).out).toMatch(/\n2\tsara\tinspector\tremoved\t/);
    const gone = await run(['user', 'disable', 'sara', '--db', db]);
    expect([gone.code, gone.err]).toEqual([
      EXIT.input,
      'payesh: "sara" is the name of a removed user; removed users stay removed and their names are not reused\n',
    ]);
    const last = await run(['user', 'remove', 'admin', '--db', db]);
    expect([last.code, last.err]).toEqual([
      EXIT.input,
      'payesh: "admin" is the last admin who can sign in; add or enable another admin first\n',
    ]);
    const noStore = await run(['user', 'list', '--db', join(dir, 'none.db')]);
    expect([noStore.code, noStore.err]).toEqual([
      EXIT.input,
      `payesh: ${join(dir, 'none.db')}: no such store (see payesh serve or payesh import)\n`,
    ]);
    const store = await openStore(db);
    expect((await auditLog(store, { subject: 'user:2' })).map((a) => [a.action, a.details.username])).toEqual([
      ['user.remove', 'sara'],
      ['user.password', 'sara'],
      ['user.enable', 'sara'],
      ['user.disable', 'sara'],
      ['user.add', 'sara'],
    ]);
    await store.close();
  });

  it('says a name belongs to a removed user on enable and add, in one line (child processes)', async () => {
    const db = join(dir, 'removed.db');
    const store = await openStore(db);
    for (const name of ['admin', 'sara'])
      await addUser(store, {
        username: name,
        password: 'a long password',
        role: name === 'admin' ? 'admin' : 'inspector',
      });
    await removeUser(store, (await findUserByName(store, 'sara')).id);
    await store.close();
    const enable = await spawnCli(['user', 'enable', 'sara', '--db', db]).exited;
    expect([enable.code, enable.stderr]).toEqual([
      EXIT.input,
      'payesh: "sara" is the name of a removed user; removed users stay removed and their names are not reused\n',
    ]);
    const add = await spawnCli([
      'user',
      'add',
      'sara',
      '--role',
      'inspector',
      '--password-file',
      passwordFile('sara-again.txt', 'another long one\n'),
      '--db',
      db,
    ]).exited;
    expect([add.code, add.stderr]).toEqual([
      EXIT.input,
      'payesh: user name "sara" belongs to the removed user "sara"; removed names are not reused, choose another\n',
    ]);
  }, 60_000);
});

describe('payesh token', () => {
  it('creates, lists and revokes API tokens', async () => {
    const db = join(dir, 'tokens.db');
    await run(['user', 'add', 'sara', '--role', 'inspector', '--db', db], {
      env: { PAYESH_PASSWORD: 'a long password' },
    });
    const made = await run(['token', 'create', 'sara', '--label', 'nightly import', '--days', '30', '--db', db]);
    expect(made.out).toMatch(/^token 1 for "sara", valid until \S+Z:\npt_[\w-]{43}\n$/);
    const listed = await run(['token', 'list', '--db', db]);
    expect(listed.out).toMatch(/^1\tsara\tnightly import\tactive\tcreated \S+\texpires \S+\tlast used never\n$/);
    expect(listed.out).not.toContain('pt_');
    expect((await run(['token', 'revoke', '1', '--db', db])).out).toBe(`revoked token 1 in ${db}\n`);
    expect((await run(['token', 'list', '--user', 'sara', '--db', db])).out).toMatch(/\trevoked\t/);
    for (const [args, line] of [
      [['token', 'revoke', '9', '--db', db], 'payesh: no API token 9\n'],
      [['token', 'revoke', 'x', '--db', db], 'payesh: token id must be a whole number 1-9007199254740991, got "x"\n'],
      [
        ['token', 'create', 'sara', '--label', 'l', '--days', '1000', '--db', db],
        'payesh: --days must be a whole number 1-366, got "1000"\n',
      ],
    ] as const) {
      const r = await run([...args]);
      expect([r.code, r.err]).toEqual([EXIT.input, line]);
    }
  });
});

describe('payesh serve and the first admin', () => {
  it('creates "admin" when no admin exists, even after other users were added, from PAYESH_ADMIN_PASSWORD', async () => {
    const db = join(dir, 'serve.db');
    await run(['user', 'add', 'sara', '--role', 'inspector', '--db', db], {
      env: { PAYESH_PASSWORD: 'a long password' },
    });
    const controller = new AbortController();
    let out = '';
    const serving = runCli(['serve', '--db', db, '--port', '0'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      signal: controller.signal,
      env: { PAYESH_ADMIN_PASSWORD: 'the first admin password' },
    });
    for (let i = 0; i < 300 && !out.includes('payesh serve:'); i++) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await serving).toBe(EXIT.ok);
    expect(out).toMatch(/^created the user "admin" with the given password\n/);
    const store = await openStore(db);
    expect((await checkPassword(store, 'admin', 'the first admin password'))?.role).toBe('admin');
    await store.close();
    const bad = await run(['serve', '--db', db, '--port', '0', '--trust-proxy', 'a;b']);
    expect([bad.code, bad.err]).toEqual([
      EXIT.input,
      'payesh: --trust-proxy must be a number of proxies or their addresses, got "a;b"\n',
    ]);
  });
});
