#!/usr/bin/env node
// The process bootstrap: the only place that touches process.* for the CLI.
const controller = new AbortController();
// Set before the commands load (seconds): a signal during loading is an interrupt too, not a silent kill.
// Later signals while stopping are ignored (Ctrl-C reaches a command through a terminal and npm/pnpm at
// once): the stop runs to its end; SIGKILL still ends a stuck process.
// The reason stays an AbortError (what commands treat as an interrupt) and names the signal.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => controller.signal.aborted || controller.abort(new DOMException(signal, 'AbortError')));
const [{ runCli }, { askHidden }, { EXIT }] = await Promise.all([
  import('./program.js'),
  import('./terminal-secret.js'),
  import('./exit-codes.js'),
]);
if (controller.signal.aborted) {
  process.stderr.write('payesh: interrupted\n');
  process.exitCode = EXIT.interrupted;
} else {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    signal: controller.signal,
    isTerminal: process.stderr.isTTY === true,
    env: process.env,
    askSecret: process.stdin.isTTY ? (prompt) => askHidden(prompt, process.stdin, process.stderr) : undefined,
  });
}
