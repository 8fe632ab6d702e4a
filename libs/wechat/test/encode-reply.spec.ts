import { describe, expect, it } from 'vitest';
import {
  decodePush,
  encodeReply,
  encryptedReply,
  MessageCrypto,
  messageSignature,
  parseJsonFields,
  parseXmlFields,
  SUCCESS_REPLY,
  type PushChannel,
} from '../src';
import { randomEncodingAesKey } from './helpers';
import { VECTOR_B } from './vectors';


const push = { toUserName: 'gh_abc', fromUserName: 'oUSER' };

describe('encryptedReply', () => {
  it('reproduces the Vector B reply byte for byte', () => {
    const crypto = new MessageCrypto(VECTOR_B.encodingAesKey, VECTOR_B.appId);
    const reply = encryptedReply(VECTOR_B.plaintext, {
      crypto,
      token: VECTOR_B.token,
      timestamp: Number(VECTOR_B.timestamp),
      nonce: VECTOR_B.nonce,
      format: 'json',
      random: Buffer.from(VECTOR_B.random),
    });
    expect(reply.body).toBe(
      `{"Encrypt":"${VECTOR_B.encrypt}","MsgSignature":"${VECTOR_B.msgSignature}","TimeStamp":1713424427,"Nonce":"415670741"}`,
    );
    expect(reply.contentType).toMatch(/^application\/json/);
  });

  it('writes the XML envelope in the documented order', () => {
    const crypto = new MessageCrypto(VECTOR_B.encodingAesKey, VECTOR_B.appId);
    const reply = encryptedReply(VECTOR_B.plaintext, {
      crypto,
      token: VECTOR_B.token,
      timestamp: 1713424427,
      nonce: VECTOR_B.nonce,
      format: 'xml',
      random: Buffer.from(VECTOR_B.random),
    });
    expect(reply.body).toBe(
      `<xml><Encrypt><![CDATA[${VECTOR_B.encrypt}]]></Encrypt><MsgSignature><![CDATA[${VECTOR_B.msgSignature}]]></MsgSignature>` +
        '<TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[415670741]]></Nonce></xml>',
    );
  });
});

describe('encodeReply', () => {
  const plain: PushChannel = { token: 'tok', appId: 'wxapp', mode: 'plain', format: 'xml' };

  it('transfers to customer service, swapping the addresses', () => {
    const reply = encodeReply({ reply: { type: 'transfer_customer_service' }, push, channel: plain, encrypt: false, nonce: 'n', timestamp: 1399197672 });
    expect(reply.body).toBe(
      '<xml><ToUserName><![CDATA[oUSER]]></ToUserName><FromUserName><![CDATA[gh_abc]]></FromUserName>' +
        '<CreateTime>1399197672</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>',
    );
  });

  it('names a target agent with TransInfo/KfAccount', () => {
    const reply = encodeReply({
      reply: { type: 'transfer_customer_service', kfAccount: 'test1@test' },
      push,
      channel: plain,
      encrypt: false,
      nonce: 'n',
      timestamp: 1,
    });
    expect(reply.body).toContain('<TransInfo><KfAccount><![CDATA[test1@test]]></KfAccount></TransInfo>');
  });

  it('writes text with ]]> split across CDATA sections', () => {
    const reply = encodeReply({ reply: { type: 'text', content: 'a]]>b' }, push, channel: plain, encrypt: false, nonce: 'n', timestamp: 1 });
    expect(reply.body).toContain('<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>');
    expect(parseXmlFields(reply.body).Content).toBe('a]]>b');
  });

  it('writes image, voice, video and news replies', () => {
    const fields = (reply: Parameters<typeof encodeReply>[0]['reply']) =>
      parseXmlFields(encodeReply({ reply, push, channel: plain, encrypt: false, nonce: 'n', timestamp: 1 }).body);
    expect(fields({ type: 'image', mediaId: 'm' }).Image).toEqual({ MediaId: 'm' });
    expect(fields({ type: 'voice', mediaId: 'm' }).Voice).toEqual({ MediaId: 'm' });
    expect(fields({ type: 'video', mediaId: 'm', title: 't' }).Video).toEqual({ MediaId: 'm', Title: 't' });
    const news = fields({ type: 'news', articles: [{ title: 't', description: 'd', picUrl: 'p', url: 'u' }] });
    expect(news.ArticleCount).toBe('1');
    expect(news.Articles).toEqual({ item: { Title: 't', Description: 'd', PicUrl: 'p', Url: 'u' } });
  });

  it('writes JSON for a JSON channel', () => {
    const reply = encodeReply({ reply: { type: 'transfer_customer_service' }, push, channel: { ...plain, format: 'json' }, encrypt: false, nonce: 'n', timestamp: 5 });
    expect(reply.body).toBe('{"ToUserName":"oUSER","FromUserName":"gh_abc","CreateTime":5,"MsgType":"transfer_customer_service"}');
  });

  it.each(['json', 'xml'] as const)('encrypts and signs a %s reply that decrypts back', (format) => {
    const channel: PushChannel = { token: 'tok', appId: 'wxapp', mode: 'secure', format, encodingAesKey: randomEncodingAesKey() };
    const reply = encodeReply({ reply: { type: 'text', content: '你好 😀' }, push, channel, encrypt: true, nonce: 'n1', timestamp: 1700000000 });
    const envelope = format === 'json' ? parseJsonFields(reply.body) : parseXmlFields(reply.body);
    const encrypt = envelope.Encrypt as string;
    expect(envelope.MsgSignature).toBe(messageSignature('tok', '1700000000', 'n1', encrypt));
    expect(envelope.TimeStamp).toBe('1700000000');
    expect(envelope.Nonce).toBe('n1');
    // WeChat's side of the exchange: the reply is a push from the account to the user.
    const decoded = decodePush({
      body: reply.body,
      query: { timestamp: '1700000000', nonce: 'n1', msg_signature: envelope.MsgSignature as string, encrypt_type: 'aes' },
      channel,
    });
    expect(decoded.event).toMatchObject({ type: 'unknown', msgType: 'text', toUserName: 'oUSER', fromUserName: 'gh_abc' });
    expect(decoded.event.raw.Content).toBe('你好 😀');
  });

  it('success needs no encoding', () => {
    expect(SUCCESS_REPLY).toBe('success');
  });
});
