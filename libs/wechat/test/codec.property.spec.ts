import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BodyParseError,
  decodePush,
  encodePush,
  parseJsonFields,
  parseXml,
  PushError,
  type PushChannel,
  type PushFormat,
  type WechatPush,
  writeJson,
} from '../src';
import { randomEncodingAesKey } from './helpers';

const tricky = fc.constantFrom(
  ']]>', ']]', '<![CDATA[', '<!', '<!DOCTYPE x [<!ENTITY e "x">]>', '&e;', '<!--', '<?', '</xml>',
  '"', "'", '\\', '<', '>', '&amp;', '😀', '👋🏽', '你好', '\n', '\r\n', ' ', '\t', '\u2028',
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 5 })), { maxLength: 30 }).map((parts) => parts.join('')),
);
const msgId = fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,19}$/));
const formats: PushFormat[] = ['json', 'xml'];

function textPush(content: string, id: string): WechatPush {
  return {
    category: 'message',
    type: 'text',
    toUserName: 'gh_abc',
    fromUserName: 'oUSER',
    createTime: 1700000000,
    msgId: id,
    content,
    raw: Object.create(null),
  };
}

describe('codec properties', () => {
  for (const format of formats) {
    const plain: PushChannel = { token: 'tok', appId: 'wx1', mode: 'plain', format };

    it(`any text and any MsgId of up to 20 digits survive encode → decode (${format})`, () => {
      fc.assert(
        fc.property(text, msgId, (content, id) => {
          const { body, query } = encodePush({ push: textPush(content, id), channel: plain, timestamp: '1', nonce: '2' });
          const { event } = decodePush({ body, query, channel: plain, limits: { maxBytes: 1 << 20 } });
          expect(event).toMatchObject({ type: 'text', content, msgId: id });
        }),
        { numRuns: 300 },
      );
    });

    it(`any text survives secure mode (${format})`, () => {
      const secure: PushChannel = { ...plain, mode: 'secure', encodingAesKey: randomEncodingAesKey() };
      fc.assert(
        fc.property(text, (content) => {
          const { body, query } = encodePush({ push: textPush(content, '1'), channel: secure, timestamp: '1', nonce: '2' });
          expect(decodePush({ body, query, channel: secure, limits: { maxBytes: 1 << 20 } }).event).toMatchObject({ content });
        }),
        { numRuns: 100 },
      );
    });
  }

  it('JSON integers of any size come back as their exact digits, strings untouched', () => {
    const value = fc.oneof(
      text,
      fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }),
      fc.stringMatching(/^[0-9"\\:,{}e.-]{0,30}$/),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), value), (object) => {
        const fields = parseJsonFields(writeJson(object), { maxBytes: 1 << 20, maxDepth: 32 });
        for (const [key, expected] of Object.entries(object)) expect(fields[key]).toBe(String(expected));
      }),
      { numRuns: 500 },
    );
  });

  it('the XML reader either parses or throws BodyParseError on any input', () => {
    const xmlish = fc.array(fc.oneof(fc.constantFrom('<xml>', '</xml>', '<a>', '</a>', '<![CDATA[', ']]>', '&', '&amp;', '<!--', '-->', '<?', '?>', '/>', '"'), fc.string({ maxLength: 4 })), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(xmlish, (parts) => {
        try {
          parseXml(parts.join(''));
        } catch (error) {
          expect(error).toBeInstanceOf(BodyParseError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the JSON reader either parses or throws BodyParseError on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (input) => {
        try {
          parseJsonFields(input);
        } catch (error) {
          expect(error).toBeInstanceOf(BodyParseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('decodePush only ever throws PushError', () => {
    const channel: PushChannel = { token: 'tok', appId: 'wx1', mode: 'compatible', format: 'xml', encodingAesKey: randomEncodingAesKey() };
    fc.assert(
      fc.property(fc.string(), fc.record({ timestamp: fc.string(), nonce: fc.string(), encrypt_type: fc.constantFrom('aes', 'raw') }), (body, query) => {
        try {
          decodePush({ body, query, channel });
        } catch (error) {
          expect(error).toBeInstanceOf(PushError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
