// The first module of a pool thread whose task script is TypeScript (there is no build step): registers
// tsx's loader in this thread, then gives piscina the script's handler. The script's URL is the thread's
// last argument (piscina's `argv` option).
import { register } from 'tsx/esm/api';

register();
const script = await import(process.argv.at(-1));
export default script.default;
