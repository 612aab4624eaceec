import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunFolder } from '@payesh/io';
import { needNginx, startFlakyProxy, startNginx, writeCity, type CityFiles, type NginxServer } from '@payesh/testkit';
import { EXIT } from '../index.js';
import { runCaptured as run } from '../testing/run-cli.js';

const nginx = needNginx();
const dir = mkdtempSync(join(tmpdir(), 'payesh-url-'));
let city: CityFiles;
let server: NginxServer;

beforeAll(async () => {
  if (nginx.skip) return;
  city = await writeCity(join(dir, 'city'), { size: 1024, pixelM: 0.5, seed: 7 });
  server = await startNginx(join(dir, 'city'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const urlOf = (file: string): string => `${server.url}/${basename(file)}`;

/** run.json without what differs between two runs of the same inputs: where they were read from, and timings. */
function comparable(runJson: string): unknown {
  const record = JSON.parse(runJson);
  for (const input of [record.inputs.before, record.inputs.after]) delete input.path;
  delete record.timings_ms;
  return record;
}

describe(`payesh with rasters by URL${nginx.note}`, { skip: nginx.skip }, () => {
  beforeAll(() => nginx.assert());

  it('compare with --before/--after as nginx URLs writes byte for byte what it writes from the files', async () => {
    const common = ['--parcels', city.parcels, '--permits', city.permits, '--quiet'];
    const byFile = await run([
      'compare',
      '--before',
      city.before,
      '--after',
      city.after,
      ...common,
      '--out',
      join(dir, 'by-file'),
    ]);
    expect(byFile.err).toBe('');
    expect(byFile.code).toBe(EXIT.ok);
    // Credentials in the URL reach the server and never run.json or the output.
    const withUser = urlOf(city.after).replace('http://', 'http://inspector:s3cr3t@');
    const byUrl = await run([
      'compare',
      '--before',
      urlOf(city.before),
      '--after',
      withUser,
      ...common,
      '--out',
      join(dir, 'by-url'),
    ]);
    expect(byUrl.err).toBe('');
    expect(byUrl.code).toBe(EXIT.ok);
    expect(byUrl.out).not.toMatch(/s3cr3t/);
    for (const file of ['change-score.tif', 'change-mask.tif', 'changes.geojson', 'flags.geojson', 'flags.csv']) {
      expect(readFileSync(join(dir, 'by-url', file)).equals(readFileSync(join(dir, 'by-file', file))), file).toBe(true);
    }
    const urlRun = readFileSync(join(dir, 'by-url', 'run.json'), 'utf8');
    expect(comparable(urlRun)).toEqual(comparable(readFileSync(join(dir, 'by-file', 'run.json'), 'utf8')));
    expect(urlRun).not.toMatch(/s3cr3t|inspector/);
    const record = JSON.parse(urlRun);
    expect(record.inputs.before.path).toBe(urlOf(city.before));
    expect(record.inputs.after.path).toBe(urlOf(city.after));
    expect(record.inputs.after.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The run folder keeps the URLs as they are (a path would be made absolute): the server reads tiles from them.
    const folder = await readRunFolder(join(dir, 'by-url'));
    expect(folder.runJson.inputs.before.path).toBe(urlOf(city.before));
    // Only ranges were asked for: no request downloaded a whole image but the digest's front-to-back read.
    const log = await server.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((r) => r.status === 206 && r.range !== null)).toBe(true);
  }, 300_000);

  it('payesh info reads a URL as it reads the file', async () => {
    const byFile = await run(['info', city.after, '--json']);
    const byUrl = await run(['info', urlOf(city.after), '--json']);
    expect(byUrl.err).toBe('');
    expect(byUrl.code).toBe(EXIT.ok);
    expect(JSON.parse(byUrl.out)).toEqual(JSON.parse(byFile.out));
    const text = await run(['info', `${urlOf(city.after)}?token=s3cr3t`]);
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toContain(`File:        ${urlOf(city.after)}?…\n`);
    expect(text.out).not.toMatch(/s3cr3t/);
  });

  it('a URL that 404s, is not a TIFF, refuses connection or always fails gives one line naming it, exit 2', async () => {
    writeFileSync(join(dir, 'city', 'notes.txt'), 'hello');
    const gone = await startFlakyProxy(server.url, 0);
    await gone.close();
    const failing = await startFlakyProxy(server.url, 1000);
    const cases: [string, RegExp][] = [
      [`${server.url}/missing.tif`, /^payesh: http:\/\/127\.0\.0\.1:\d+\/missing\.tif: not found \(HTTP 404\)\n$/],
      [
        `${server.url}/notes.txt`,
        /^payesh: http:\/\/127\.0\.0\.1:\d+\/notes\.txt: not a TIFF file \(only 5 bytes\)\n$/,
      ],
      [
        `${gone.url}/a.tif`,
        /^payesh: http:\/\/127\.0\.0\.1:\d+\/a\.tif: cannot fetch \(connection refused\), 5 attempts\n$/,
      ],
      [
        `${failing.url}/a.tif`,
        /^payesh: http:\/\/127\.0\.0\.1:\d+\/a\.tif: the server failed \(HTTP 503\), 5 attempts\n$/,
      ],
      [
        `${server.noRangesUrl}/${basename(city.after)}`,
        /^payesh: http:\/\/\S+: the server does not support range requests .*\n$/,
      ],
    ];
    try {
      for (const [url, line] of cases) {
        const result = await run(['info', url]);
        expect(result.code, url).toBe(EXIT.input);
        expect(result.err, url).toMatch(line);
      }
      const detect = await run([
        'detect',
        '--before',
        `http://user:s3cr3t@127.0.0.1:${server.port}/missing.tif?sig=s3cr3t`,
        '--after',
        city.after,
        '--out',
        join(dir, 'never'),
      ]);
      expect(detect.code).toBe(EXIT.input);
      expect(detect.err).toBe(`payesh: http://127.0.0.1:${server.port}/missing.tif?…: not found (HTTP 404)\n`);
    } finally {
      await failing.close();
    }
  }, 120_000);
});
