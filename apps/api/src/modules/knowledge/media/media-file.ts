import { MEDIA_LIMITS, type MediaKind } from '@kefu/contracts';

/** A file's format as its first bytes tell it (never the name or the declared type). */
export interface SniffedFormat {
  /** Set when WeChat takes the format. */
  kind: MediaKind | null;
  /** What a merchant calls it: JPG, PNG, GIF, MP3, … */
  name: string;
  contentType: string;
  extension: string;
}

const KIND_NAMES: Record<MediaKind, string> = { image: 'picture', voice: 'voice file', video: 'video' };

/** "a" or "an" as a format's name is read out (an AMR, an MP3, a PNG). */
function a(name: string): string {
  return /^(AMR|MP3|MP4|AVIF)$/.test(name) ? `an ${name}` : `a ${name}`;
}

function startsWith(data: Uint8Array, bytes: number[], offset = 0): boolean {
  return data.length >= offset + bytes.length && bytes.every((byte, index) => data[offset + index] === byte);
}

function ascii(data: Uint8Array, from: number, to: number): string {
  return Buffer.from(data.subarray(from, to)).toString('latin1');
}

export function sniffFormat(data: Uint8Array): SniffedFormat | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return { kind: 'image', name: 'JPG', contentType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { kind: 'image', name: 'PNG', contentType: 'image/png', extension: 'png' };
  }
  if (ascii(data, 0, 6) === '#!AMR\n') return { kind: 'voice', name: 'AMR', contentType: 'audio/amr', extension: 'amr' };
  if (ascii(data, 0, 3) === 'ID3' || (data.length > 2 && data[0] === 0xff && (data[1] & 0xe0) === 0xe0)) {
    return { kind: 'voice', name: 'MP3', contentType: 'audio/mpeg', extension: 'mp3' };
  }
  if (ascii(data, 4, 8) === 'ftyp') {
    const brand = ascii(data, 8, 12);
    if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return { kind: null, name: 'HEIC', contentType: 'image/heic', extension: 'heic' };
    if (brand === 'avif') return { kind: null, name: 'AVIF', contentType: 'image/avif', extension: 'avif' };
    if (brand.startsWith('qt')) return { kind: null, name: 'MOV', contentType: 'video/quicktime', extension: 'mov' };
    return { kind: 'video', name: 'MP4', contentType: 'video/mp4', extension: 'mp4' };
  }
  if (ascii(data, 0, 4) === 'GIF8') return { kind: null, name: 'GIF', contentType: 'image/gif', extension: 'gif' };
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') {
    return { kind: null, name: 'WebP', contentType: 'image/webp', extension: 'webp' };
  }
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WAVE') return { kind: null, name: 'WAV', contentType: 'audio/wav', extension: 'wav' };
  if (ascii(data, 0, 2) === 'BM') return { kind: null, name: 'BMP', contentType: 'image/bmp', extension: 'bmp' };
  if (ascii(data, 0, 4) === '%PDF') return { kind: null, name: 'PDF', contentType: 'application/pdf', extension: 'pdf' };
  return null;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function accepted(kind: MediaKind): string {
  return `${KIND_NAMES[kind]}s (${MEDIA_LIMITS[kind].formats.join(', ')}) of at most ${formatSize(MEDIA_LIMITS[kind].bytes)}`;
}

const HOW_TO_SHRINK: Record<MediaKind, string> = {
  image: 'make it smaller (fewer pixels or a lower JPG quality) and upload it again',
  voice: 'shorten it (WeChat plays at most 60 s) or lower its bit rate and upload it again',
  video: 'shorten it or lower its resolution and upload it again',
};

/** The file as it will be stored, or why WeChat would not take it. */
export type CheckedFile =
  | { ok: true; kind: MediaKind; contentType: string; extension: string; filename: string }
  | { ok: false; status: 400 | 413; message: string };

/**
 * Checks a file against WeChat's temporary-media rules (protocol §8): the format from its first
 * bytes, then the size limit of its kind. `expected` narrows the kinds a caller takes (e.g. an
 * image item's picture). Every refusal says what to do instead.
 */
export function checkMediaFile(data: Uint8Array, filename: string, expected?: MediaKind, truncated = false): CheckedFile {
  const name = cleanFilename(filename);
  const shown = name || 'The file';
  if (data.length === 0) return { ok: false, status: 400, message: `${shown} is empty: choose the file again` };
  const format = sniffFormat(data);
  const wanted = expected ? accepted(expected) : `${accepted('image')}, ${accepted('voice')} or ${accepted('video')}`;
  if (!format?.kind) {
    const what = format ? `${a(format.name)} file` : 'not a file WeChat can send';
    const convert = expected ? ` Save it as ${MEDIA_LIMITS[expected].formats.join(' or ')} and upload it again.` : '';
    return { ok: false, status: 400, message: `${shown} is ${what}; WeChat takes ${wanted}.${convert}` };
  }
  if (expected && format.kind !== expected) {
    return {
      ok: false,
      status: 400,
      message: `${shown} is ${a(format.name)} ${KIND_NAMES[format.kind]}, but a ${KIND_NAMES[expected]} is needed here: WeChat takes ${wanted}`,
    };
  }
  const limit = MEDIA_LIMITS[format.kind].bytes;
  if (data.length > limit || truncated) {
    const size = truncated ? `larger than ${formatSize(data.length - 1)}` : formatSize(data.length);
    return {
      ok: false,
      status: 413,
      message: `${shown} is ${size}; WeChat takes ${accepted(format.kind)}: ${HOW_TO_SHRINK[format.kind]}`,
    };
  }
  return {
    ok: true,
    kind: format.kind,
    contentType: format.contentType,
    extension: format.extension,
    filename: name || `${format.kind}.${format.extension}`,
  };
}

/** The last part of a path, without control characters, at most 255 characters. */
export function cleanFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 255).join('');
}
