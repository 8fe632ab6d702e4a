import type { MediaType } from '../state/media';
import type { PhoneFile } from './messages';

// 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
// AMR magic followed by a few silent frames.
const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), Buffer.alloc(32, 0x7c)]);
// An MP4 `ftyp` box: enough for anything that sniffs the type.
const MP4 = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f326d703431', 'hex');

const DEFAULTS: Record<MediaType, Required<PhoneFile>> = {
  image: { data: PNG, contentType: 'image/png', filename: 'photo.png' },
  thumb: { data: PNG, contentType: 'image/png', filename: 'thumb.png' },
  voice: { data: AMR, contentType: 'audio/amr', filename: 'voice.amr' },
  video: { data: MP4, contentType: 'video/mp4', filename: 'video.mp4' },
};

export function fileOrDefault(type: MediaType, file?: PhoneFile): Required<PhoneFile> {
  const fallback = DEFAULTS[type];
  return {
    data: file?.data ?? fallback.data,
    contentType: file?.contentType ?? fallback.contentType,
    filename: file?.filename ?? fallback.filename,
  };
}
