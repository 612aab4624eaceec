/**
 * Fails when code imports what docs/architecture.md forbids. Three kinds of code are checked:
 * - a package's runtime code (packages/<p>/src, tests excepted) imports the workspace packages the
 *   table below allows it, by name; core no node:*, geotiff, sharp, express...; web only types (and
 *   core's data-only `@payesh/core/labels`); nothing imports a package's test helpers
 *   (`@payesh/<p>/testing`); and these imports form no cycle;
 * - a package's tests (*.test.ts and *.bench.ts beside the code, src/testing.ts, src/testing/, src/e2e/, its
 *   config files) import their
 *   own package by relative path and other packages only by name, never a file of another package or
 *   of scripts/ (shared test code is @payesh/testkit); core's tests import no workspace package;
 * - scripts/ import packages by name, never a package's files by relative path.
 * Every workspace import must be listed in the importer's package.json and be one of the target's
 * exports. Tests are leaves: io's tests may import testkit, which imports io.
 *
 * Run: pnpm check:boundaries [root] (the repository by default). Each problem names the file and the edge.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Workspace packages each package's runtime code may import (docs/architecture.md). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  // Types of what crosses a boundary (only types from core: not enforced).
  contract: ['core'],
  nn: ['core', 'contract'],
  io: ['core', 'contract'],
  tiler: ['core', 'contract'],
  report: ['core', 'contract'],
  store: ['core', 'contract'],
  pipeline: ['core', 'contract', 'io', 'nn'],
  // The server renders tiles on pipeline's worker pool.
  server: ['core', 'contract', 'io', 'tiler', 'report', 'store', 'pipeline'],
  cli: ['core', 'contract', 'io', 'nn', 'report', 'store', 'server', 'pipeline'],
  // Types only (and @payesh/core/labels): the UI speaks HTTP.
  web: ['core', 'contract'],
  // Test code shared by several packages' tests and by scripts: the demo city writes COGs with io.
  testkit: ['core', 'contract', 'io'],
};
const TYPES_ONLY = new Set(['web']);
/** What web may import at run time: core's vocabulary, data only. */
const WEB_RUNTIME = new Set(['@payesh/core/labels']);
const CORE_FORBIDDEN = /^(node:|fs$|path$|child_process$|geotiff$|sharp$|express$|better-sqlite3$|onnxruntime-node$)/;
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TEST_FILE = /\.(test|bench)\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/**
 * Test code in a package: tests and benchmarks beside the code (*.test.ts, *.bench.ts), the package's
 * test helpers (src/testing.ts, exported as ./testing, and src/testing/), browser tests (src/e2e/), and
 * anything outside src (config files).
 */
function isTestCode(src: string, file: string): boolean {
  return (
    !inside(src, file) ||
    TEST_FILE.test(file) ||
    file === join(src, 'testing.ts') ||
    inside(join(src, 'testing'), file) ||
    inside(join(src, 'e2e'), file)
  );
}
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

interface Manifest {
  readonly declared: ReadonlySet<string>;
  /** Subpaths the package exports ('.', './labels', './testing'...), with their targets. */
  readonly exports: ReadonlyMap<string, string>;
}

interface ImportRef {
  readonly spec: string;
  readonly typeOnly: boolean;
}

function manifest(dir: string): Manifest {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    exports?: string | Record<string, string>;
  };
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const exp = pkg.exports ?? {};
  return { declared, exports: new Map(typeof exp === 'string' ? [['.', exp]] : Object.entries(exp)) };
}

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) || name.startsWith('.') ? [] : codeFiles(path);
    return CODE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static imports and re-exports (each statement from its start, so a `type` is the statement's own), side-effect and dynamic imports. */
function importsOf(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of text.matchAll(/^[ \t]*(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm))
    out.push({ spec: m[2]!, typeOnly: Boolean(m[1]) });
  for (const m of text.matchAll(/^[ \t]*import\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** `@payesh/io/testing` -> { name: 'io', subpath: './testing' }. */
function workspaceTarget(spec: string): { name: string; subpath: string } | null {
  const m = /^@payesh\/([^/]+)(\/.*)?$/.exec(spec);
  return m ? { name: m[1]!, subpath: m[2] ? `.${m[2]}` : '.' } : null;
}

const inside = (dir: string, path: string): boolean => path === dir || path.startsWith(dir + sep);

/** Every boundary problem under `root`, each naming the file and the edge; empty when all is well. */
export function checkBoundaries(root: string): string[] {
  const problems: string[] = [];
  const packagesDir = join(root, 'packages');
  const scriptsDir = join(root, 'scripts');
  const packages = new Map<string, Manifest>();
  for (const name of existsSync(packagesDir) ? readdirSync(packagesDir) : []) {
    if (existsSync(join(packagesDir, name, 'package.json'))) packages.set(name, manifest(join(packagesDir, name)));
  }
  const rel = (path: string): string => relative(root, path).split(sep).join('/');
  /** Which package a path lies in, if any. */
  const packageOf = (path: string): string | null =>
    inside(packagesDir, path) ? relative(packagesDir, path).split(sep)[0]! : null;
  /** A problem with a workspace import by name, common to every kind of code. */
  const byNameProblem = (
    target: { name: string; subpath: string },
    declared: ReadonlySet<string>,
    manifestPath: string,
  ): string | null => {
    const to = packages.get(target.name);
    if (!to) return `no workspace package ${target.name}`;
    if (!declared.has(`@payesh/${target.name}`)) return `@payesh/${target.name} is not listed in ${manifestPath}`;
    if (!to.exports.has(target.subpath))
      return `@payesh/${target.name} does not export ${target.subpath} (exports: ${[...to.exports.keys()].join(', ')})`;
    return null;
  };

  // Runtime edges between packages, with the first file that makes each, for the cycle check.
  const edges = new Map<string, Map<string, string>>();
  for (const [pkg, own] of packages) {
    const pkgDir = join(packagesDir, pkg);
    const src = join(pkgDir, 'src');
    const allowed = ALLOWED[pkg];
    if (!allowed) {
      problems.push(`packages/${pkg}: not in the allowed-imports table of scripts/check-boundaries.ts`);
      continue;
    }
    edges.set(pkg, new Map());
    for (const [subpath, target] of own.exports) {
      const intoTests = isTestCode(src, resolve(pkgDir, target));
      if (intoTests !== (subpath === './testing'))
        problems.push(
          `packages/${pkg}/package.json: export ${subpath} -> ${target}: test helpers are exported as ./testing (src/testing.ts), and ./testing only from test code`,
        );
    }
    for (const file of codeFiles(pkgDir)) {
      const where = rel(file);
      const runtime = !isTestCode(src, file);
      const kind = runtime ? pkg : `${pkg} (test)`;
      for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
        const edge = `${where}: ${kind} -> ${spec}`;
        const ws = workspaceTarget(spec);
        if (ws) {
          if (ws.name === pkg) {
            problems.push(`${edge}: imports its own package by name; use a relative path`);
            continue;
          }
          const common = byNameProblem(ws, own.declared, `packages/${pkg}/package.json`);
          if (common) problems.push(`${edge}: ${common}`);
          if (!runtime) {
            if (pkg === 'core')
              problems.push(`${edge}: core's tests import no workspace package either (core stays a leaf)`);
            continue;
          }
          if (!allowed.includes(ws.name))
            problems.push(`${edge}: ${pkg} may import ${allowed.length ? allowed.join(', ') : 'no workspace package'}`);
          else if (ws.subpath === './testing') problems.push(`${edge}: runtime code never imports test helpers`);
          else if (TYPES_ONLY.has(pkg) && !typeOnly && !WEB_RUNTIME.has(spec))
            problems.push(
              `${edge}: ${pkg} may import only types (import type ...), and ${[...WEB_RUNTIME].join(', ')}`,
            );
          if (!edges.get(pkg)!.has(ws.name)) edges.get(pkg)!.set(ws.name, where);
        } else if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const other = packageOf(target);
          if (runtime && !inside(src, target)) {
            problems.push(
              `${edge}: reaches outside packages/${pkg}/src (${rel(target)})${other && other !== pkg ? `; import @payesh/${other} by name` : ''}`,
            );
          } else if (runtime && isTestCode(src, target.replace(/\.js$/, '.ts'))) {
            problems.push(`${edge}: runtime code never imports test code (${rel(target)})`);
          } else if (!runtime && other !== pkg) {
            const hint = other
              ? `import @payesh/${other} by name (shared test helpers: @payesh/testkit, or @payesh/${other}/testing)`
              : inside(scriptsDir, target)
                ? 'test code shared with scripts belongs in @payesh/testkit'
                : 'import it by name or keep it in the package';
            problems.push(`${edge}: reaches outside packages/${pkg} (${rel(target)}); ${hint}`);
          }
        } else if (runtime && pkg === 'core' && CORE_FORBIDDEN.test(spec)) {
          problems.push(
            `${edge}: core stays pure (no node:*, fs, path, child_process, geotiff, sharp, express, better-sqlite3, onnxruntime-node)`,
          );
        }
      }
    }
  }

  const rootDeclared = existsSync(join(root, 'package.json')) ? manifest(root).declared : new Set<string>();
  for (const file of codeFiles(scriptsDir)) {
    const where = rel(file);
    for (const { spec } of importsOf(readFileSync(file, 'utf8'))) {
      const edge = `${where}: scripts -> ${spec}`;
      const ws = workspaceTarget(spec);
      if (ws) {
        const common = byNameProblem(ws, rootDeclared, 'the root package.json');
        if (common) problems.push(`${edge}: ${common}`);
      } else if (spec.startsWith('.')) {
        const other = packageOf(resolve(dirname(file), spec));
        if (other)
          problems.push(`${edge}: reaches into the files of packages/${other}; import @payesh/${other} by name`);
      }
    }
  }

  const cycle = findCycle(edges);
  if (cycle) {
    const steps = cycle.slice(1).map((to, i) => `${edges.get(cycle[i]!)!.get(to)} imports @payesh/${to}`);
    problems.push(`import cycle ${cycle.join(' -> ')}: ${steps.join('; ')}`);
  }
  return problems;
}

function findCycle(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const walk = (n: string, path: string[]): string[] | null => {
    if (state.get(n) === 'open') {
      // The loop from its alphabetically first package, so the same cycle always reads the same.
      const loop = path.slice(path.indexOf(n));
      const first = loop.indexOf([...loop].sort()[0]!);
      const turned = [...loop.slice(first), ...loop.slice(0, first)];
      return [...turned, turned[0]!];
    }
    if (state.get(n) === 'done') return null;
    state.set(n, 'open');
    for (const m of edges.get(n)?.keys() ?? []) {
      const c = walk(m, [...path, n]);
      if (c) return c;
    }
    state.set(n, 'done');
    return null;
  };
  for (const n of edges.keys()) {
    const c = walk(n, []);
    if (c) return c;
  }
  return null;
}

if (resolve(process.argv[1] ?? '') === new URL(import.meta.url).pathname) {
  const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
  const problems = checkBoundaries(root);
  if (problems.length > 0) {
    for (const p of problems) console.error(`boundaries: ${p}`);
    process.exit(1);
  }
  const count = readdirSync(join(root, 'packages')).filter((p) =>
    existsSync(join(root, 'packages', p, 'package.json')),
  ).length;
  console.log(`boundaries: ${count} packages, their tests and scripts/: no forbidden imports`);
}
