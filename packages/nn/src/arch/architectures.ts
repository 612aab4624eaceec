import type { Architecture } from './architecture.js';
import { tinycd } from './tinycd.js';

/** The architectures `payesh model import --arch` knows, by name. */
export const ARCHITECTURES: ReadonlyMap<string, Architecture> = new Map([['tinycd', tinycd]]);
