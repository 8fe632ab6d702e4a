import { describe, expect, it } from 'vitest';
import { BodyParseError, extractJsonEncrypt, parseJsonFields, writeJson } from '../src';

describe('parseJsonFields', () => {
  it('keeps 64-bit integers exact and turns scalars into strings', () => {
    const fields = parseJsonFields(
      '{"MsgId":4561255354251345929,"CreateTime": 1409659813,"Big":-12345678901234567890,"F":1.5,"B":true,"N":null,"Nested":{"Id":99999999999999999999}}',
    );
    expect(fields.MsgId).toBe('4561255354251345929');
    expect(fields.CreateTime).toBe('1409659813');
    expect(fields.Big).toBe('-12345678901234567890');
    expect(fields.F).toBe('1.5');
    expect(fields.B).toBe('true');
    expect(fields.N).toBe('');
    expect(fields.Nested).toEqual({ Id: '99999999999999999999' });
  });

  it.each([
    ['a plain member', '{"MsgId":4561255354251345929}'],
    ['blanks around the colon', '{"MsgId" :'+ "\n" + ' 4561255354251345929 }'],
    ['the name also used as a string value', '{"a":"MsgId","MsgId":4561255354251345929}'],
    ['the name written with an escape', '{"M\\u0073gId":4561255354251345929}'],
    ['a duplicate member (the last wins)', '{"MsgId":1,"MsgId":4561255354251345929}'],
    ['a nested object beside it', '{"n":{"x":1},"MsgId":4561255354251345929}'],
  ])('keeps the digits of a 64-bit integer with %s', (_, text) => {
    expect(parseJsonFields(text).MsgId).toBe('4561255354251345929');
  });

  it('renders numbers in exponent form like any number', () => {
    expect(parseJsonFields('{"E":1e20,"F":-2.5E3}')).toEqual({ E: '100000000000000000000', F: '-2500' });
  });

  it('does not touch digits inside strings or long fractions and exponents', () => {
    const fields = parseJsonFields('{"Content":"call 12345678901234567890 \\" 12345678901234567","X":0.12345678901234567,"E":1e12345678901234567}');
    expect(fields.Content).toBe('call 12345678901234567890 " 12345678901234567');
    expect(fields.X).toBe(String(JSON.parse('0.12345678901234567')));
    expect(fields.E).toBe('Infinity');
  });

  it('drops __proto__ and constructor keys, and never pollutes', () => {
    const fields = parseJsonFields('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":{"__proto__":{"polluted":1}}}');
    expect(Object.keys(fields)).toEqual(['a']);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(fields.a as object)).toEqual([]);
  });

  it.each([
    ['not JSON', 'nope', 'malformed'],
    ['an array', '[1,2]', 'malformed'],
    ['a string', '"x"', 'malformed'],
    ['too deep', `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`, 'too_deep'],
    ['too large', `{"a":"${'x'.repeat(70_000)}"}`, 'too_large'],
  ])('rejects %s', (_, text, rejection) => {
    try {
      parseJsonFields(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BodyParseError);
      expect((error as BodyParseError).rejection).toBe(rejection);
    }
  });

  it('rejects 10 000 nested arrays without overflowing the stack', () => {
    expect(() => parseJsonFields(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)).toThrow(BodyParseError);
  });
});

describe('extractJsonEncrypt', () => {
  it('finds Encrypt, also with spaces and escaped slashes', () => {
    expect(extractJsonEncrypt('{"ToUserName":"gh","Encrypt":"ab+/=="}')).toBe('ab+/==');
    expect(extractJsonEncrypt('{ "Encrypt" : "a\\/b" }')).toBe('a/b');
  });

  it('ignores Encrypt mentioned inside a string value', () => {
    expect(extractJsonEncrypt('{"Content":"\\"Encrypt\\":\\"AAAA\\"","Encrypt":"BBBB"}')).toBe('BBBB');
    expect(extractJsonEncrypt('{"Content":"\\"Encrypt\\":\\"AAAA\\""}')).toBeUndefined();
  });
});

describe('writeJson', () => {
  it('keeps order, writes bigints bare and leaves non-ASCII unescaped', () => {
    expect(writeJson({ a: '你好😀', b: 1, c: 4561255354251345929n, d: { e: ['x'] }, f: undefined })).toBe(
      '{"a":"你好😀","b":1,"c":4561255354251345929,"d":{"e":["x"]}}',
    );
  });
});
