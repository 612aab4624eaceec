import { runCli } from '../index.js';

/** Runs the CLI in-process and captures what it prints. */
export async function runCaptured(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    signal: new AbortController().signal,
  });
  return { code, out, err };
}
