import { describe, expect, it } from 'vitest';
import { hasNonAsciiUnicodeEscape } from './unicode-escapes';

describe('hasNonAsciiUnicodeEscape', () => {
  it('finds escaped non-ASCII characters and lone surrogates', () => {
    expect(hasNonAsciiUnicodeEscape('{"a":"\\u4f60"}')).toBe(true);
    expect(hasNonAsciiUnicodeEscape('{"a":"\\u00e9"}')).toBe(true);
    expect(hasNonAsciiUnicodeEscape(JSON.stringify({ a: '\ud83d' }))).toBe(true);
  });

  it('ignores ASCII escapes, raw UTF-8 and escaped backslashes', () => {
    expect(hasNonAsciiUnicodeEscape('{"a":"\\u0041\\n"}')).toBe(false);
    expect(hasNonAsciiUnicodeEscape(JSON.stringify({ a: '你好 👋' }))).toBe(false);
    expect(hasNonAsciiUnicodeEscape(JSON.stringify({ a: '\\u4f60' }))).toBe(false);
    expect(hasNonAsciiUnicodeEscape('{"a":"\\\\\\u4f60"}')).toBe(true);
  });
});
