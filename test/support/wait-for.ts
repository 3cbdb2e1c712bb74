/** Polling for what the bot does after it has answered (tests and benches). */

/** Polls `find` every `everyMs` until it returns something (not undefined or false). */
export async function waitFor<T>(
  find: () => T | undefined | false,
  timeoutMs = 5_000,
  what = 'the condition',
  everyMs = 10,
): Promise<T> {
  return waitForAsync(async () => find(), timeoutMs, what, everyMs);
}

/** The same with an asynchronous check (an HTTP probe, a stats request). */
export async function waitForAsync<T>(
  find: () => Promise<T | undefined | false>,
  timeoutMs = 5_000,
  what = 'the condition',
  everyMs = 10,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
