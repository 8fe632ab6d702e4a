import { newMsgId, newNonce } from '../ids';
import type { MediaType } from '../state/media';
import type { SimState } from '../state/sim-state';
import { judgeAnswer, type PushReply } from './answer';
import { composePush, type PushMedia } from './compose';
import { fileOrDefault } from './default-files';
import { exchange } from './http';
import { actionOf, supportsMessage, type PhoneFile, type PhoneMessage, type PushChannel } from './messages';

export interface PushOptions {
  /** How long WeChat waits for an answer (default 5000 ms). */
  answerTimeoutMs?: number;
  /** Retries after the first delivery (default 3: at most 4 deliveries). */
  retries?: number;
  /** Pause between a failed delivery and the retry (default 0). */
  retryDelayMs?: number;
  /** Override the generated values, e.g. to replay a known push. */
  timestamp?: string;
  nonce?: string;
  msgId?: string;
}

export interface PushAttempt {
  attempt: number;
  status?: number;
  body?: string;
  /** `timeout`, a network error, or why the answer was not accepted. */
  error?: string;
  elapsedMs: number;
}

export interface PushResult {
  delivered: boolean;
  attempts: PushAttempt[];
  /** Status and body of the last attempt that got an answer. */
  status?: number;
  body?: string;
  elapsedMs: number;
  reply?: PushReply;
  msgId?: string;
  createTime: number;
  /** Media the user "sent" (already stored in the sim, fetchable through /cgi-bin/media/get). */
  media: PushMedia;
  request: { url: string; body: string; plaintext: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function storeUserMedia(state: SimState, appId: string, message: PhoneMessage): PushMedia {
  const store = (type: MediaType, file?: PhoneFile) => {
    const saved = state.media.save({ appId, type, ...fileOrDefault(type, file) });
    return { id: saved.mediaId, url: `${state.publicUrl}/__sim/media/file?media_id=${encodeURIComponent(saved.mediaId)}` };
  };
  switch (message.type) {
    case 'image': {
      const image = store('image', message.file);
      return { mediaId: image.id, url: image.url };
    }
    case 'voice':
      return { mediaId: store('voice', message.file).id };
    case 'video': {
      const video = store('video', message.file);
      const thumb = store('thumb', message.thumb);
      return { mediaId: video.id, url: video.url, thumbMediaId: thumb.id, thumbUrl: thumb.url };
    }
    case 'miniprogrampage': {
      const thumb = store('image', message.thumb);
      return { thumbMediaId: thumb.id, thumbUrl: thumb.url };
    }
    default:
      return {};
  }
}

/**
 * A user acts on their phone: the action opens the sending window at once (it happened, whatever the
 * relay does), then WeChat delivers the push and retries the identical request when the answer is late,
 * not HTTP 200, or not an acceptable answer (protocol §4).
 */
export async function pushToRelay(
  state: SimState,
  channel: PushChannel,
  message: PhoneMessage,
  options: PushOptions = {},
): Promise<PushResult> {
  const app = state.apps.get(channel.appId);
  if (!app) throw new TypeError(`app ${channel.appId} is not registered in the simulator`);
  if (!supportsMessage(app.kind, message.type)) throw new TypeError(`a ${app.kind} does not push ${message.type}`);
  if (app.kind === 'official_account' && channel.format !== 'xml') throw new TypeError('official accounts push XML only');
  if (!message.from) throw new TypeError('message.from (the openid) is required');

  const at = state.clock.now();
  const createTime = Math.floor(at / 1000);
  const action = actionOf(message.type);
  const msgId = action === 'message' ? (options.msgId ?? newMsgId()) : undefined;
  const media = storeUserMedia(state, app.appId, message);
  state.users.recordAction(app, message.from, action, at);

  const timestamp = options.timestamp ?? String(createTime);
  const nonce = options.nonce ?? newNonce();
  const composed = composePush(
    { channel, originalId: channel.originalId ?? app.originalId, message, createTime, msgId, media },
    timestamp,
    nonce,
  );
  const url = new URL(channel.url);
  for (const [name, value] of Object.entries(composed.query)) url.searchParams.set(name, value);
  const contentType = channel.format === 'json' ? 'application/json' : 'text/xml';

  const answerTimeoutMs = options.answerTimeoutMs ?? 5000;
  const deliveries = 1 + (options.retries ?? 3);
  const attempts: PushAttempt[] = [];
  const started = Date.now();
  let last: { status: number; body: string } | undefined;
  let reply: PushReply | undefined;
  let delivered = false;

  for (let attempt = 1; attempt <= deliveries && !delivered; attempt++) {
    if (attempt > 1 && options.retryDelayMs) await sleep(options.retryDelayMs);
    const attemptStarted = Date.now();
    const outcome = await exchange(
      url.toString(),
      { method: 'POST', headers: { 'Content-Type': contentType }, body: composed.body },
      answerTimeoutMs,
    );
    const elapsedMs = Date.now() - attemptStarted;
    if (!outcome.ok) {
      attempts.push({ attempt, error: outcome.error, elapsedMs });
      continue;
    }
    const body = outcome.answer.body.toString('utf8');
    last = { status: outcome.answer.status, body };
    const verdict = judgeAnswer(outcome.answer.status, body, channel);
    const error = verdict.accepted ? undefined : verdict.reason;
    attempts.push({ attempt, status: outcome.answer.status, body, elapsedMs, error });
    if (verdict.accepted) {
      delivered = true;
      if (verdict.kind === 'reply') reply = verdict.reply;
    }
  }

  return {
    delivered,
    attempts,
    status: last?.status,
    body: last?.body,
    elapsedMs: Date.now() - started,
    reply,
    msgId,
    createTime,
    media,
    request: { url: url.toString(), body: composed.body, plaintext: composed.plaintext },
  };
}
