import { describe, expect, it } from 'vitest';
import { fakeFile, png } from '../../../../test/media-fixtures';
import { checkMediaFile, cleanFilename, formatSize, sniffFormat } from './media-file';

const MB = 1024 * 1024;

describe('media files (F3, protocol §8)', () => {
  it.each([
    ['jpg', 'image', 'image/jpeg'],
    ['png', 'image', 'image/png'],
    ['amr', 'voice', 'audio/amr'],
    ['mp3', 'voice', 'audio/mpeg'],
    ['mp4', 'video', 'video/mp4'],
  ] as const)('F3 reads a %s file from its first bytes', (format, kind, contentType) => {
    expect(sniffFormat(fakeFile(format))).toMatchObject({ kind, contentType });
  });

  it('F3 knows formats WeChat refuses, so the message can name them', () => {
    expect(sniffFormat(fakeFile('gif'))).toMatchObject({ kind: null, name: 'GIF' });
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.alloc(16)]);
    expect(sniffFormat(heic)).toMatchObject({ kind: null, name: 'HEIC' });
    expect(sniffFormat(Buffer.from('hello'))).toBeNull();
  });

  it('F3 takes files up to WeChat’s limit of their kind, and not a byte more', () => {
    expect(checkMediaFile(fakeFile('jpg', 2 * MB), 'a.jpg')).toMatchObject({ ok: true, kind: 'image', filename: 'a.jpg' });
    expect(checkMediaFile(fakeFile('jpg', 2 * MB + 1), 'a.jpg')).toMatchObject({ ok: false, status: 413 });
    expect(checkMediaFile(fakeFile('amr', 2 * MB), 'a.amr')).toMatchObject({ ok: true, kind: 'voice' });
    expect(checkMediaFile(fakeFile('mp4', 10 * MB), 'a.mp4')).toMatchObject({ ok: true, kind: 'video' });
    expect(checkMediaFile(fakeFile('mp4', 10 * MB + 1), 'a.mp4')).toMatchObject({ ok: false, status: 413 });
  });

  it('F3 says what to do with a file WeChat would refuse', () => {
    const refusal = (data: Buffer, name: string, expected?: 'image') => {
      const checked = checkMediaFile(data, name, expected);
      return checked.ok ? 'accepted' : checked.message;
    };
    expect(refusal(fakeFile('gif'), 'a.gif', 'image')).toBe(
      'a.gif is a GIF file; WeChat takes pictures (JPG, PNG) of at most 2 MB. Save it as JPG or PNG and upload it again.',
    );
    expect(refusal(fakeFile('mp4'), 'v.mp4', 'image')).toBe(
      'v.mp4 is an MP4 video, but a picture is needed here: WeChat takes pictures (JPG, PNG) of at most 2 MB',
    );
    expect(refusal(Buffer.alloc(0), '')).toBe('The file is empty: choose the file again');
    expect(refusal(png(), '../../etc/封面.png')).toBe('accepted');
  });

  it('keeps only the last part of a name, without control characters', () => {
    expect(cleanFilename('C:\\Users\\me\\图片\\a\u0000b.png')).toBe('ab.png');
    expect(cleanFilename('x'.repeat(300))).toHaveLength(255);
    expect([formatSize(2 * MB), formatSize(2.4 * MB), formatSize(64 * 1024), formatSize(12)]).toEqual(['2 MB', '2.4 MB', '64 KB', '12 bytes']);
  });
});
