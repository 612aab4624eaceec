#!/usr/bin/env node
import { runCli } from './program.js';
import { askHidden } from './terminal-secret.js';

// The process bootstrap: the only place that touches process.* for the CLI.
const controller = new AbortController();
// The reason stays an AbortError (what commands treat as an interrupt) and names the signal.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort(new DOMException(signal, 'AbortError')));
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
  isTerminal: process.stderr.isTTY === true,
  env: process.env,
  askSecret: process.stdin.isTTY ? (prompt) => askHidden(prompt, process.stdin, process.stderr) : undefined,
});
process.exitCode = code;
