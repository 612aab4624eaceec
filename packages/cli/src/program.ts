import { Command, CommanderError } from 'commander';
import { InputError, printable } from '@payesh/core';
import { registerCompare } from './commands/compare.js';
import { registerDetect } from './commands/detect.js';
import { registerImport } from './commands/import.js';
import { registerInfo } from './commands/info.js';
import { registerModel } from './commands/model.js';
import { registerRank } from './commands/rank.js';
import { registerReport } from './commands/report.js';
import { registerRuns } from './commands/runs.js';
import { registerServe } from './commands/serve.js';
import { registerToken } from './commands/token.js';
import { registerUser } from './commands/user.js';
import { registerTrain } from './commands/train.js';
import { registerWorker } from './commands/worker.js';
import type { CommandContext } from './context.js';
import { describeFailure, EXIT } from './exit-codes.js';
import { oneLineUsageError, reportUnknownOptionsFirst } from './option-checks.js';

export const VERSION = '0.1.0';

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('payesh')
    .description('Payesh (پایش): find unauthorized construction from two dated images, parcels and permits')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr, outputError: oneLineUsageError });
  registerInfo(program, ctx);
  registerDetect(program, ctx, VERSION);
  registerCompare(program, ctx, VERSION);
  registerTrain(program, ctx);
  registerModel(program, ctx, VERSION);
  registerImport(program, ctx);
  registerRank(program, ctx);
  registerServe(program, ctx);
  registerUser(program, ctx);
  registerToken(program, ctx);
  registerReport(program, ctx);
  registerWorker(program, ctx);
  registerRuns(program, ctx);
  for (const command of program.commands)
    command
      .exitOverride()
      .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr, outputError: oneLineUsageError });
  reportUnknownOptionsFirst(program, EXIT.input);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    const failure = describeFailure(
      error instanceof TypeError && /argument/.test(error.message) ? new InputError(error.message) : error,
    );
    ctx.stderr(`${printable(failure.line)}\n`);
    return failure.exitCode;
  }
}
