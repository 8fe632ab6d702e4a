import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** A real PNG of one colour (decodable by browsers), random unless the colour is given. */
export function png(width = 8, height = 8, rgb: [number, number, number] = [randomByte(), randomByte(), randomByte()]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3])]);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A file that starts like the given format and is `size` bytes long (content random). */
export function fakeFile(format: 'jpg' | 'png' | 'amr' | 'mp3' | 'mp4' | 'gif', size = 1024): Buffer {
  const heads: Record<typeof format, Buffer> = {
    jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    amr: Buffer.from('#!AMR\n', 'latin1'),
    mp3: Buffer.from('ID3', 'latin1'),
    mp4: Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42', 'latin1')]),
    gif: Buffer.from('GIF89a', 'latin1'),
  };
  const head = heads[format];
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

/** A multipart/form-data body with one file, as a browser sends it. */
export function multipart(
  filename: string,
  data: Buffer,
  options: { field?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kefu${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${filename}"\r\n` +
      `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function randomByte(): number {
  return randomBytes(1)[0];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
