export { runCli, buildProgram, VERSION } from './program.js';
export { describeFailure, EXIT } from './exit-codes.js';
export type { CommandContext } from './context.js';
