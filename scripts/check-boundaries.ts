/**
 * Fails when a package imports what docs/architecture.md forbids: core imports no workspace package
 * and no node:*, geotiff, sharp or express; io, tiler, report and store import only core; web only
 * types from core, and core's data-only `@payesh/core/labels`; no cycles. Run: pnpm check:boundaries
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  nn: ['core'],
  // io's detect/compare/train jobs run neural models (until the jobs move to a pipeline package).
  io: ['core', 'nn'],
  tiler: ['core'],
  report: ['core'],
  store: ['core'],
  server: ['core', 'io', 'tiler', 'report', 'store'],
  cli: ['core', 'io', 'nn', 'tiler', 'report', 'store', 'server'],
  web: ['core'],
  // Test code shared by several packages' tests and by scripts (the demo city writes COGs with io).
  testkit: ['core', 'io'],
};
const CORE_FORBIDDEN = /^(node:|fs$|path$|child_process$|geotiff$|sharp$|express$|better-sqlite3$|onnxruntime-node$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const problems: string[] = [];
const edges = new Map<string, Set<string>>();
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
  const allowed = ALLOWED[pkg];
  if (!allowed) {
    problems.push(`packages/${pkg}: not in the allowed-imports table of scripts/check-boundaries.ts`);
    continue;
  }
  edges.set(pkg, new Set());
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[2] ?? m[3]!;
      const typeOnly = Boolean(m[1]);
      const where = relative(root, file);
      const ws = /^@payesh\/([^/]+)/.exec(spec);
      if (ws) {
        const target = ws[1]!;
        if (target === pkg) problems.push(`${where}: imports its own package by name (${spec})`);
        else if (!allowed.includes(target)) problems.push(`${where}: ${pkg} may not import @payesh/${target}`);
        // The one runtime exception: core's data-only vocabulary (no imports of its own).
        else if (pkg === 'web' && !typeOnly && spec !== '@payesh/core/labels') problems.push(`${where}: web may import only types from core (and @payesh/core/labels)`);
        edges.get(pkg)!.add(target);
      } else if (spec.startsWith('../') && relative(src, join(file, '..', spec)).startsWith('..')) {
        problems.push(`${where}: reaches outside its package (${spec})`);
      } else if (pkg === 'core' && CORE_FORBIDDEN.test(spec)) {
        problems.push(`${where}: core must stay pure but imports ${spec}`);
      }
    }
  }
}

function findCycle(): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const walk = (n: string, path: string[]): string[] | null => {
    if (state.get(n) === 'open') return [...path, n];
    if (state.get(n) === 'done') return null;
    state.set(n, 'open');
    for (const m of edges.get(n) ?? []) {
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
const cycle = findCycle();
if (cycle) problems.push(`import cycle: ${cycle.join(' -> ')}`);

if (problems.length > 0) {
  for (const p of problems) console.error(`boundaries: ${p}`);
  process.exit(1);
}
console.log(`boundaries: ${edges.size} packages, no forbidden imports`);
