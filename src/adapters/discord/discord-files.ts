/**
 * Files attached on Discord, as the core's attachments. Discord's CDN links
 * are signed and expire, so a trace file is downloaded as soon as its
 * message arrives (not when the core gets to it), held in memory up to the
 * input limit plus one byte (the core reports the cut), and streamed to the
 * core from there. Downloads go only to Discord's CDN hosts (or the
 * configured API host, for proxies and tests): a link in a payload cannot
 * send the bot anywhere else.
 */
import type { Attachment } from '../../core/app/request.js';
import type { DiscordFile } from './discord-payloads.js';

export class DiscordFileError extends Error {}

export interface DownloadOptions {
  /** Hosts (host[:port]) allowed besides cdn.discordapp.com and media.discordapp.net. */
  trustedHosts: readonly string[];
  /** Bytes kept at most, plus one. */
  maxBytes: number;
  /** Gives up on a download after this long. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const CDN_HOSTS = new Set(['cdn.discordapp.com', 'media.discordapp.net']);

function allowed(url: URL, trusted: readonly string[]): boolean {
  if (url.protocol === 'https:' && CDN_HOSTS.has(url.hostname.toLowerCase())) return true;
  return trusted.includes(url.host.toLowerCase());
}

/**
 * The core's view of an attached file, its download already started. A
 * file over the limit by its declared size is not downloaded at all: the
 * core refuses it by size and says so.
 */
export function discordAttachment(file: DiscordFile, options: DownloadOptions): Attachment {
  const oversized = file.size !== undefined && file.size > options.maxBytes;
  const bytes = oversized ? undefined : download(file, options);
  // Nobody may read it (the core skips a file); its failure is still handled.
  bytes?.catch(() => undefined);
  return {
    name: file.filename,
    ...(file.size !== undefined ? { size: file.size } : {}),
    ...(file.contentType !== undefined ? { contentType: file.contentType } : {}),
    async *open() {
      if (bytes === undefined)
        throw new DiscordFileError('it is larger than the input limit, so it was not downloaded');
      yield* await bytes;
    },
  };
}

async function download(file: DiscordFile, options: DownloadOptions): Promise<Uint8Array[]> {
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    throw new DiscordFileError('its download address is not a URL');
  }
  if (!allowed(url, options.trustedHosts))
    throw new DiscordFileError(`its download address is not on Discord's CDN (${url.host})`);
  const response = await (options.fetch ?? fetch)(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  }).catch((error: unknown) => {
    throw new DiscordFileError(
      `the download failed (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  if (!response.ok)
    throw new DiscordFileError(
      `Discord's CDN answered the download with ${response.status}${response.status === 404 || response.status === 403 ? ' (the link may have expired: upload it again)' : ''}`,
    );
  const chunks: Uint8Array[] = [];
  if (response.body === null) return chunks;
  let read = 0;
  for await (const chunk of response.body) {
    const piece = chunk as Uint8Array;
    const room = options.maxBytes + 1 - read;
    read += piece.byteLength;
    if (piece.byteLength >= room) {
      chunks.push(piece.subarray(0, room));
      break; // leaving the loop cancels the download
    }
    chunks.push(piece);
  }
  return chunks;
}
