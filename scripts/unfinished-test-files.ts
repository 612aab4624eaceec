import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * A vitest reporter that names, at the very end of a run, the test files that started but never
 * finished. When a test file's process dies (a native crash, the kernel's OOM killer), vitest says only
 * "Worker exited unexpectedly" and counts the file as neither passed nor failed; CI keeps the last lines
 * of the output, so the file is named there, with what its tests had reached.
 */
export default class UnfinishedTestFiles implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): void {
    // Started (pending), not finished; files still queued by a Ctrl-C or --bail never started.
    const unfinished = reason === 'interrupted' ? [] : testModules.filter((m) => m.state() === 'pending');
    if (unfinished.length === 0) return;
    const lines = unfinished.map((m) => {
      const states = new Map<string, number>();
      for (const test of m.children.allTests()) {
        const state = test.result().state;
        states.set(state, (states.get(state) ?? 0) + 1);
      }
      const tests = [...states].map(([state, n]) => `${n} ${state}`).join(', ');
      return `  ${m.project.name}: ${m.relativeModuleId} (tests: ${tests || 'none collected'})\n`;
    });
    process.stderr.write(`Test files that started and never finished (their process died):\n${lines.join('')}`);
  }
}
