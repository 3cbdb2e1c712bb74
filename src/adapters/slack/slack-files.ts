/**
 * Files shared in Slack, as the core's attachments. The bytes are fetched
 * from `url_private_download` with the bot token only when the core opens
 * the file, streamed, and never beyond the input limit. The token is sent
 * only to Slack's own hosts (or the configured API host, for proxies and
 * tests), so a file URL can never carry it elsewhere.
 */
import type { Attachment } from '../../core/app/request.js';

/** The fields of a Slack file object this adapter reads. */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

export class SlackFileError extends Error {}

/** Reads a Slack file object out of an event or payload field; undefined when it is not one. */
export function readSlackFile(value: unknown): SlackFile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof v[key] === 'string' ? (v[key] as string) : undefined;
  const size = typeof v.size === 'number' && Number.isFinite(v.size) ? v.size : undefined;
  const file: SlackFile = {};
  for (const key of ['id', 'name', 'title', 'mimetype', 'filetype'] as const) {
    const found = text(key);
    if (found !== undefined) file[key] = found;
  }
  const download = text('url_private_download');
  const privateUrl = text('url_private');
  if (download !== undefined) file.url_private_download = download;
  if (privateUrl !== undefined) file.url_private = privateUrl;
  if (size !== undefined) file.size = size;
  return file;
}

/**
 * A name the core can judge by its extension: Slack turns a long paste into
 * a text snippet named "Untitled", whose type is only in `filetype`.
 */
export function fileName(file: SlackFile): string {
  const name = file.name ?? file.title ?? 'file';
  if (/\.[a-z0-9]{1,8}$/i.test(name)) return name;
  if (file.filetype === 'text' || file.mimetype?.startsWith('text/') === true) return `${name}.txt`;
  if (file.filetype !== undefined && /^[a-z0-9]{1,8}$/i.test(file.filetype))
    return `${name}.${file.filetype}`;
  return name;
}

export interface DownloadOptions {
  botToken: string;
  /** Hosts that may receive the token besides slack.com and its subdomains. */
  trustedHosts: readonly string[];
  /** Bytes read at most; the stream ends there (the core reports the cut). */
  maxBytes: number;
  fetch?: typeof fetch;
}

function mayCarryToken(url: URL, trusted: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && (host === 'slack.com' || host.endsWith('.slack.com')))
    return true;
  return trusted.includes(url.host.toLowerCase());
}

/** The core's view of a shared file. */
export function slackAttachment(file: SlackFile, options: DownloadOptions): Attachment {
  return {
    name: fileName(file),
    ...(file.size !== undefined ? { size: file.size } : {}),
    ...(file.mimetype !== undefined ? { contentType: file.mimetype } : {}),
    open: () => download(file, options),
  };
}

async function* download(file: SlackFile, options: DownloadOptions): AsyncGenerator<Uint8Array> {
  const address = file.url_private_download ?? file.url_private;
  if (address === undefined) throw new SlackFileError('Slack gave no download address for it');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new SlackFileError('its download address is not a URL');
  }
  if (!mayCarryToken(url, options.trustedHosts))
    throw new SlackFileError(`its download address is not on Slack (${url.host})`);
  const response = await (options.fetch ?? fetch)(url, {
    headers: { Authorization: `Bearer ${options.botToken}` },
    redirect: 'manual',
  });
  if (response.status >= 300 && response.status < 400)
    throw new SlackFileError(
      'Slack redirected the download to its sign-in page: add the files:read scope to the app and reinstall it',
    );
  if (!response.ok) throw new SlackFileError(`Slack answered the download with ${response.status}`);
  if (response.body === null) return;
  let read = 0;
  for await (const chunk of response.body) {
    const bytes = chunk as Uint8Array;
    const room = options.maxBytes + 1 - read;
    read += bytes.byteLength;
    if (bytes.byteLength >= room) {
      // One byte past the limit lets the core say the file was cut.
      yield bytes.subarray(0, room);
      return; // leaving the loop cancels the download
    }
    yield bytes;
  }
}
