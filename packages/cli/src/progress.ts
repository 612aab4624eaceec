import type { CommandContext } from './context.js';

export interface Progress {
  (stage: string, done: number, total: number): void;
  done(): void;
}

/** A one-line progress bar on stderr when it is a terminal; silent otherwise (logs stay clean). */
export function progressReporter(ctx: CommandContext, label: string): Progress {
  let last = '';
  const report = ((stage: string, done: number, total: number) => {
    if (!ctx.isTerminal) return;
    const share = total > 0 ? done / total : 1;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const line = `${label} ${stage.padEnd(8)} [${bar}] ${(share * 100).toFixed(0).padStart(3)}%`;
    if (line !== last) ctx.stderr(`\r${line}`);
    last = line;
  }) as Progress;
  report.done = () => {
    if (ctx.isTerminal && last) ctx.stderr('\n');
  };
  return report;
}
