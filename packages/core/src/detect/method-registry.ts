import type { GbdtModel } from '../classify/gbdt.js';
import { InputError } from '../errors.js';
import type { ChangeMethod } from './change-method.js';
import { constructionMethod } from './construction-method.js';
import { cvaMethod } from './cva-method.js';
import { learnedMethod } from './learned-method.js';

/** What choosing a method may need: the model of `learned`. */
export interface MethodOptions {
  readonly model?: GbdtModel;
}

export const METHOD_NAMES = ['construction', 'cva', 'learned'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The method by name; `learned` needs a model, and a model implies `learned`. */
export function methodByName(name: string | undefined, options: MethodOptions = {}): ChangeMethod {
  const chosen = name ?? (options.model ? 'learned' : 'construction');
  switch (chosen) {
    case 'construction':
      return constructionMethod;
    case 'cva':
      return cvaMethod;
    case 'learned':
      if (!options.model) throw new InputError('method "learned" needs a model (--model model.json from payesh train)');
      return learnedMethod(options.model);
    default:
      // neural is chosen before this (it runs a network file, not a per-window method) but is one to name.
      throw new InputError(`unknown method "${chosen}"; known: ${[...METHOD_NAMES, 'neural'].join(', ')}`);
  }
}
