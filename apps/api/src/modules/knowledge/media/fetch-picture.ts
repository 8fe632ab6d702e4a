import { MEDIA_LIMITS } from '@kefu/contracts';

const TIMEOUT_MS = 10_000;

/** Why a picture address could not be read; the message names the address and what to fix. */
export class PictureFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PictureFetchError';
  }
}

/**
 * Reads a picture given by address, once: items whose picture is only an address need a WeChat
 * media id all the same (image items, card covers, video covers). Reads at most one byte more than
 * WeChat's picture limit, so an oversized file is reported as such without being downloaded whole.
 */
export async function fetchPicture(url: string): Promise<{ data: Buffer; filename: string }> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (error as Error).message;
    throw new PictureFetchError(`The picture ${url} could not be read (${reason}): check the address, or upload the picture`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new PictureFetchError(`The picture ${url} answered HTTP ${response.status}: check the address, or upload the picture`);
  }
  const limit = MEDIA_LIMITS.image.bytes + 1;
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.length;
    if (size >= limit) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return { data: Buffer.concat(chunks), filename: lastSegment(url) || 'picture' };
}

function lastSegment(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
