import { MEDIA_LIMITS, type MediaKind } from '@kefu/contracts';
import { BadRequestException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '../media.service';

export const UPLOAD_FIELD = 'file';

const HOW = `send it as multipart/form-data in a field named "${UPLOAD_FIELD}"`;

/**
 * The one file of a multipart upload. Reads at most one byte past the largest size the expected
 * kind may have (10 MB when any kind is taken), so an oversized file is refused as such without
 * being held whole.
 */
export async function readUpload(request: FastifyRequest, expected?: MediaKind): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new BadRequestException(`No file: ${HOW}`);
  const limit = expected ? MEDIA_LIMITS[expected].bytes : Math.max(...Object.values(MEDIA_LIMITS).map((entry) => entry.bytes));
  const part = await request
    .file({ limits: { fileSize: limit + 1, files: 1, fields: 10, parts: 11 }, throwFileSizeLimit: false })
    .catch((error: Error) => {
      throw new BadRequestException(`The upload could not be read (${error.message}): ${HOW}`);
    });
  if (!part) throw new BadRequestException(`No file: ${HOW}`);
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  if (part.fieldname !== UPLOAD_FIELD) throw new BadRequestException(`The file came in a field named "${part.fieldname}": ${HOW}`);
  return { data: Buffer.concat(chunks), filename: part.filename ?? '', truncated: part.file.truncated };
}
