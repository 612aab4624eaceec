import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The command-line tools tests cross-check against, with the Debian packages that install each. */
const DEBIAN_PACKAGES = {
  gdalinfo: 'gdal-bin',
  gdal_translate: 'gdal-bin',
  gdalwarp: 'gdal-bin',
  gdalsrsinfo: 'gdal-bin',
  ogr2ogr: 'gdal-bin',
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  pdfimages: 'poppler-utils',
  chromium: 'chromium fonts-dejavu-core',
} as const;

export type Tool = keyof typeof DEBIAN_PACKAGES;

type Env = Readonly<Record<string, string | undefined>>;

/** True under CI (`CI` set, and not '', '0' or 'false'; .ci/run sets it): a missing tool then fails its tests. */
export function underCi(env: Env = process.env): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** The Chromium the reports print with and the browser tests drive: $CHROMIUM, else Debian's. */
export function chromiumPath(env: Env = process.env): string {
  return env['CHROMIUM'] ?? '/usr/bin/chromium';
}

function installed(tool: Tool, env: Env): boolean {
  if (tool === 'chromium') return existsSync(chromiumPath(env));
  return (env['PATH'] ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface ToolCheck {
  /** The tools asked for that are not installed. */
  readonly missing: readonly Tool[];
  /** Skip the tests: a tool is missing and this is not CI (under CI they run, and `assert` fails them). */
  readonly skip: boolean;
  /** For a test's title: ' (skipped: ...what is missing and how to install it)' when skipping, else ''. */
  readonly note: string;
  /** Throws, naming each missing tool and its Debian package, if a tool is missing: call it first in the test (or a beforeAll). */
  assert(): void;
}

/** What is missing and how to install it: "pdftotext and pdfinfo are not installed (apt-get install poppler-utils)". */
function describeMissing(missing: readonly Tool[], env: Env): string {
  const byPackage = new Map<string, Tool[]>();
  for (const tool of missing)
    byPackage.set(DEBIAN_PACKAGES[tool], [...(byPackage.get(DEBIAN_PACKAGES[tool]) ?? []), tool]);
  return [...byPackage]
    .map(([packages, tools]) => {
      const names = tools.map((t) => (t === 'chromium' ? `chromium (${chromiumPath(env)})` : t));
      const what = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
      return `${what} not installed (apt-get install ${packages}${tools.includes('chromium') ? ', or set CHROMIUM' : ''})`;
    })
    .join('; ');
}

/**
 * Whether the tools a test runs are installed. Without CI a test that lacks one is skipped and says
 * so in its title; under CI it runs and fails at `assert()` with what to install.
 */
export function needTools(tools: readonly Tool[], env: Env = process.env): ToolCheck {
  const missing = tools.filter((t) => !installed(t, env));
  const skip = missing.length > 0 && !underCi(env);
  const what = describeMissing(missing, env);
  return {
    missing,
    skip,
    note: skip ? ` (skipped: ${what})` : '',
    assert() {
      if (missing.length > 0) throw new Error(`${what}; under CI the tests that need it fail rather than skip`);
    },
  };
}
