import type { Command, Option } from 'commander';

function withSubcommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(withSubcommands)];
}

/**
 * Makes a mistyped option read as what it is: commander checks required options before unknown ones,
 * so `detect --befor a.tif` said "--before not specified". Required options are checked here instead,
 * in a hook that runs after the unknown-option check, with commander's own message and exit code.
 */
export function reportUnknownOptionsFirst(program: Command, exitCode: number): void {
  const required = new Map<Command, Option[]>();
  for (const command of withSubcommands(program)) {
    const options = command.options.filter((o) => o.mandatory);
    for (const o of options) o.mandatory = false;
    required.set(command, options);
  }
  program.hook('preAction', (_program, action) => {
    for (const o of required.get(action) ?? []) {
      if (action.getOptionValue(o.attributeName()) === undefined) {
        action.error(`error: required option '${o.flags}' not specified`, {
          exitCode,
          code: 'commander.missingMandatoryOptionValue',
        });
      }
    }
  });
}

/** Commander's usage errors (its message and "Did you mean" on separate lines) as one line, with where to look. */
export function oneLineUsageError(text: string, write: (text: string) => void): void {
  write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`);
}
