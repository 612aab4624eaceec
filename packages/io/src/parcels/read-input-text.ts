import { readFile } from 'node:fs/promises';
import { decodeUtf8Text, InputError } from '@payesh/core';

/**
 * The text of a parcels or permits file, which must be UTF-8; else one clear InputError naming the
 * file: missing, unreadable, UTF-16 ("save it as UTF-8") or another encoding. `what` names the
 * input in the message ("the parcels", "the permits").
 */
export async function readInputText(path: string, what: string, signal?: AbortSignal): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new InputError(
      `cannot read ${what}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      { file: path },
    );
  }
  const decoded = decodeUtf8Text(bytes);
  if (!decoded.ok) throw new InputError(decoded.problem, { file: path });
  return decoded.text;
}
