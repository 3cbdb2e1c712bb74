/** A file named on the command line (or standard input for "-"), opened up front so a bad path is a usage error. */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Attachment } from '../core/app/request.js';

export class InputFileError extends Error {}

/** The file as an attachment; a missing or unreadable file throws InputFileError before anything is read. */
export async function openInputFile(path: string, stdin: Readable): Promise<Attachment> {
  if (path === '-') return { name: 'stdin', open: () => chunks(stdin, path) };
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${reason(error)}`);
  }
  // No size: the CLI reads up to the input limit and says so, rather than refusing a big file.
  return { name: path, open: () => chunks(handle.createReadStream(), path) };
}

/** The stream as chunks of bytes; a read failure becomes an InputFileError. */
async function* chunks(stream: Readable, path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    }
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
