/**
 * Reads a line from a terminal without echoing it (raw mode): Enter ends it, Backspace deletes,
 * Ctrl-C and Ctrl-D abort.
 */
export function askHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error: Error | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004')
          return done(Object.assign(new Error('interrupted'), { name: 'AbortError' }));
        line = ch === '\u007f' || ch === '\b' ? [...line].slice(0, -1).join('') : line + ch;
      }
    };
    input.on('data', onData);
  });
}
