import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRMSG, WechatApiError } from '../errors';
import type { AppKind } from '../state/apps';
import { MEDIA_TYPES, type MediaType, type StoredMedia } from '../state/media';
import type { SimState } from '../state/sim-state';
import { authenticate, queryString, withFaults } from './common';

const MB = 1024 * 1024;

/** Upload limits (protocol §8): the doc gives images both 2 MB and 10 MB; the sim enforces the safer 2 MB. */
export const MEDIA_LIMITS: Record<MediaType, { bytes: number; errcode: number; errmsg: string }> = {
  image: { bytes: 2 * MB, errcode: 40009, errmsg: ERRMSG.invalidImageSize },
  voice: { bytes: 2 * MB, errcode: 40010, errmsg: ERRMSG.invalidVoiceSize },
  video: { bytes: 10 * MB, errcode: 40011, errmsg: ERRMSG.invalidVideoSize },
  thumb: { bytes: 64 * 1024, errcode: 40012, errmsg: ERRMSG.invalidThumbSize },
};

const DEFAULT_CONTENT_TYPE: Record<MediaType, string> = {
  image: 'image/jpeg',
  voice: 'audio/amr',
  video: 'video/mp4',
  thumb: 'image/jpeg',
};

function uploadType(kind: AppKind, type: string | undefined): MediaType {
  const allowed: readonly string[] = kind === 'miniprogram' ? ['image'] : MEDIA_TYPES;
  if (!type || !allowed.includes(type)) throw new WechatApiError(40004, ERRMSG.invalidMediaType);
  return type as MediaType;
}

async function readMediaPart(
  request: FastifyRequest,
  limitBytes: number,
): Promise<{ data: Buffer; filename: string; mimetype: string } | undefined> {
  if (!request.isMultipart()) return undefined;
  // Read one byte past the limit so an oversized file is reported as such rather than truncated.
  for await (const part of request.parts({ limits: { fileSize: limitBytes + 1 } })) {
    if (part.type === 'file' && part.fieldname === 'media') {
      const data = await part.toBuffer().catch(() => Buffer.alloc(limitBytes + 1));
      return { data, filename: part.filename, mimetype: part.mimetype };
    }
    if (part.type === 'file') await part.toBuffer().catch(() => undefined);
  }
  return undefined;
}

export function sendMediaFile(reply: FastifyReply, media: StoredMedia): FastifyReply {
  return reply
    .header('Content-Type', media.contentType)
    .header('Content-disposition', `attachment; filename="${media.filename}"`)
    .send(media.data);
}

export function registerMediaRoutes(server: FastifyInstance, state: SimState): void {
  server.post(
    '/cgi-bin/media/upload',
    withFaults(state, 'media_upload', async (request) => {
      const { app } = authenticate(state, request);
      const type = uploadType(app.kind, queryString(request, 'type'));
      const limit = MEDIA_LIMITS[type];
      const part = await readMediaPart(request, limit.bytes);
      if (!part) throw new WechatApiError(41005, ERRMSG.missingMedia);
      if (part.data.length === 0) throw new WechatApiError(40006, ERRMSG.invalidMediaSize);
      if (part.data.length > limit.bytes) throw new WechatApiError(limit.errcode, limit.errmsg);
      const stored = state.media.save({
        appId: app.appId,
        type,
        data: part.data,
        contentType:
          part.mimetype && part.mimetype !== 'application/octet-stream' ? part.mimetype : DEFAULT_CONTENT_TYPE[type],
        filename: part.filename || `${type}.bin`,
      });
      return { type, media_id: stored.mediaId, created_at: Math.floor(stored.createdAt / 1000) };
    }),
  );

  server.get(
    '/cgi-bin/media/get',
    withFaults(state, 'media_get', async (request, reply) => {
      const { app } = authenticate(state, request);
      const mediaId = queryString(request, 'media_id');
      const found = mediaId ? state.media.find(app.appId, mediaId) : { ok: false as const };
      if (!found.ok) throw new WechatApiError(40007, ERRMSG.invalidMediaId);
      if (found.media.type === 'video') {
        return { video_url: `${state.publicUrl}/__sim/media/file?media_id=${encodeURIComponent(found.media.mediaId)}` };
      }
      return sendMediaFile(reply, found.media);
    }),
  );
}
