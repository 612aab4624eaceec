#!/usr/bin/env node
import { runCli } from './program.js';
import { askHidden } from './terminal-secret.js';

// The process bootstrap: the only place that touches process.* for the CLI.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
  isTerminal: process.stderr.isTTY === true,
  env: process.env,
  askSecret: process.stdin.isTTY ? (prompt) => askHidden(prompt, process.stdin, process.stderr) : undefined,
});
process.exitCode = code;
