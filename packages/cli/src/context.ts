/** What a command may touch of the outside world; bin.ts builds it, tests can build their own. */
export interface CommandContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal: AbortSignal;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly isTerminal?: boolean;
  /** The environment variables (passwords may come from one). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret on the terminal without echoing it; absent when stdin is not a terminal. */
  readonly askSecret?: (prompt: string) => Promise<string>;
}
