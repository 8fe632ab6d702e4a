import { describe, expect, it } from 'vitest';
import { SecretBox, maskSecret } from './secret-box';

describe('secrets at rest', () => {
  const box = new SecretBox('a-secret-key-of-at-least-thirty-two-chars');

  it('seals and opens, never storing the plaintext', () => {
    const sealed = box.seal('0123456789abcdef0123456789abcdef');
    expect(sealed).not.toContain('0123456789abcdef');
    expect(box.open(sealed)).toBe('0123456789abcdef0123456789abcdef');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered value or another key', () => {
    const sealed = box.seal('secret');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox('another-secret-key-of-at-least-32-chars!').open(sealed)).toThrow();
  });

  it('masks all but the ends', () => {
    expect(maskSecret('0123456789abcdef0123456789abcdef')).toBe(`012${'*'.repeat(26)}def`);
    expect(maskSecret('short')).toBe('*****');
  });
});
