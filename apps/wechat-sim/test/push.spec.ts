import { handshakeSignature, MessageCrypto, messageSignature } from '@kefu/wechat';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushChannel, WechatSim } from '../src';
import { MP, OA, send, START, startTestSim, text, tokenFor } from './helpers';
import { rawJsonMsgId, Receiver, xmlField, type Answer, type Received } from './receiver';

const TOKEN = 'relayPushToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TWO_TO_53 = 2n ** 53n;

describe('pushes to the relay (phone side)', () => {
  let sim: WechatSim;
  let receiver: Receiver;
  let respond: (request: Received, index: number) => Answer;

  beforeEach(async () => {
    sim = await startTestSim();
    respond = () => undefined;
    receiver = await new Receiver((request, index) => respond(request, index)).start();
  });
  afterEach(async () => {
    await receiver.close();
    await sim.close();
  });

  const channel = (overrides: Partial<PushChannel> = {}): PushChannel => ({
    url: receiver.url,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    appId: MP.appId,
    originalId: 'gh_97417a04a28d',
    mode: 'plain',
    format: 'json',
    ...overrides,
  });

  const expectPlainSignature = (request: Received) => {
    const { signature, timestamp, nonce } = request.query;
    expect(signature).toBe(handshakeSignature(TOKEN, timestamp, nonce));
    expect(timestamp).toBe(String(Math.floor(START / 1000)));
    expect(nonce).toMatch(/^\d+$/);
  };

  describe('plain mode', () => {
    it('JSON text: signed query with openid, MsgId above 2^53 written as a bare number', async () => {
      const result = await sim.push(channel(), { type: 'text', from: 'oUser', content: '你好 "quoted" 👋' });
      expect(result.delivered).toBe(true);
      expect(result.attempts).toHaveLength(1);
      const [request] = receiver.received;
      expect(request.method).toBe('POST');
      expectPlainSignature(request);
      expect(request.query.openid).toBe('oUser');
      expect(request.query.encrypt_type).toBeUndefined();
      expect(request.query.msg_signature).toBeUndefined();

      const msgId = rawJsonMsgId(request.body);
      expect(msgId).toBe(result.msgId);
      expect(request.body).toContain(`"MsgId":${msgId}}`);
      expect(BigInt(msgId!) > TWO_TO_53).toBe(true);
      const parsed = JSON.parse(request.body) as Record<string, unknown>;
      expect(String(parsed['MsgId'])).not.toBe(msgId);
      expect(parsed).toMatchObject({
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'oUser',
        CreateTime: Math.floor(START / 1000),
        MsgType: 'text',
        Content: '你好 "quoted" 👋',
      });
      expect(request.body).not.toMatch(/\\u/);
    });

    it('XML text: CDATA strings, bare numbers, `]]>` split safely', async () => {
      await sim.push(channel({ format: 'xml' }), { type: 'text', from: 'oUser', content: 'a]]>b <tag> & c' });
      const { body } = receiver.received[0];
      expect(body.startsWith('<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>')).toBe(true);
      expect(body).toMatch(/<CreateTime>\d+<\/CreateTime>/);
      expect(body).toMatch(/<MsgId>\d{16,19}<\/MsgId><\/xml>$/);
      expect(body).toContain('<Content><![CDATA[a]]]]><![CDATA[>b <tag> & c]]></Content>');
    });

    it('user_enter_tempsession: SessionFrom, no MsgId, opens a 2 / 1 min window', async () => {
      const result = await sim.push(channel(), { type: 'user_enter_tempsession', from: 'oUser', sessionFrom: '{"nick":"张三"}' });
      const parsed = JSON.parse(receiver.received[0].body) as Record<string, unknown>;
      expect(parsed).toEqual({
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'oUser',
        CreateTime: Math.floor(START / 1000),
        MsgType: 'event',
        Event: 'user_enter_tempsession',
        SessionFrom: '{"nick":"张三"}',
      });
      expect(result.msgId).toBeUndefined();
      expect(sim.window(MP.appId, 'oUser')).toMatchObject({ remaining: 2, expiresAt: START + 60_000 });
    });

    it('image: the MediaId is fetchable by the app for 3 days, PicUrl serves the file', async () => {
      const data = Buffer.from('png-bytes');
      await sim.push(channel(), { type: 'image', from: 'oUser', file: { data, contentType: 'image/png', filename: 'p.png' } });
      const parsed = JSON.parse(receiver.received[0].body) as Record<string, string>;
      const token = await tokenFor(sim, MP);
      const file = await fetch(`${sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${parsed['MediaId']}`);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await file.arrayBuffer()).equals(data)).toBe(true);
      expect(Buffer.from(await (await fetch(parsed['PicUrl'])).arrayBuffer()).equals(data)).toBe(true);
    });

    it('miniprogrampage card fields', async () => {
      await sim.push(channel(), { type: 'miniprogrampage', from: 'oUser', title: 'T', appId: 'wxcard', pagePath: 'pages/a?x=1' });
      const parsed = JSON.parse(receiver.received[0].body) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual([
        'ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'MsgId', 'Title', 'AppId', 'PagePath', 'ThumbUrl', 'ThumbMediaId',
      ]);
      expect(parsed).toMatchObject({ MsgType: 'miniprogrampage', Title: 'T', AppId: 'wxcard', PagePath: 'pages/a?x=1' });
    });

    it('a pushed message opens the 5 / 48 h window so the relay can answer', async () => {
      await sim.push(channel(), { type: 'text', from: 'oUser', content: 'help' });
      const token = await tokenFor(sim, MP);
      expect(await send(sim, token, text('oUser', 'hi!'))).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(sim.inbox(MP.appId, 'oUser').map((entry) => entry.message)).toEqual([text('oUser', 'hi!')]);
    });
  });

  describe('encrypted modes', () => {
    const crypto = new MessageCrypto(AES_KEY, MP.appId);

    it('secure JSON: body is only ToUserName and Encrypt; msg_signature and decryption verify', async () => {
      const result = await sim.push(channel({ mode: 'secure' }), { type: 'text', from: 'oUser', content: 'secret 中文' });
      const [request] = receiver.received;
      expectPlainSignature(request);
      expect(request.query.encrypt_type).toBe('aes');
      const body = JSON.parse(request.body) as Record<string, string>;
      expect(Object.keys(body)).toEqual(['ToUserName', 'Encrypt']);
      expect(body['ToUserName']).toBe('gh_97417a04a28d');
      const { timestamp, nonce, msg_signature } = request.query;
      expect(msg_signature).toBe(messageSignature(TOKEN, timestamp, nonce, body['Encrypt']));
      const plaintext = crypto.decrypt(body['Encrypt']);
      expect(plaintext).toBe(result.request.plaintext);
      expect(rawJsonMsgId(plaintext)).toBe(result.msgId);
      expect(JSON.parse(plaintext)).toMatchObject({ MsgType: 'text', Content: 'secret 中文', FromUserName: 'oUser' });
    });

    it('secure XML', async () => {
      await sim.push(channel({ mode: 'secure', format: 'xml' }), { type: 'text', from: 'oUser', content: 'x' });
      const { body, query } = receiver.received[0];
      expect(body).toMatch(/^<xml><ToUserName><!\[CDATA\[gh_97417a04a28d\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/);
      const encrypt = xmlField(body, 'Encrypt')!;
      expect(query.msg_signature).toBe(messageSignature(TOKEN, query.timestamp, query.nonce, encrypt));
      expect(xmlField(crypto.decrypt(encrypt), 'Content')).toBe('x');
    });

    it('compatible XML (official account): plaintext fields plus Encrypt of the same message', async () => {
      const oaCrypto = new MessageCrypto(AES_KEY, OA.appId);
      const result = await sim.push(
        channel({ appId: OA.appId, originalId: undefined, mode: 'compatible', format: 'xml' }),
        { type: 'text', from: 'oFan', content: 'hello' },
      );
      const { body, query } = receiver.received[0];
      expect(xmlField(body, 'Content')).toBe('hello');
      expect(xmlField(body, 'ToUserName')).toMatch(/^gh_/);
      expect(xmlField(body, 'MsgId')).toBe(result.msgId);
      const encrypt = xmlField(body, 'Encrypt')!;
      expect(query.msg_signature).toBe(messageSignature(TOKEN, query.timestamp, query.nonce, encrypt));
      expect(oaCrypto.decrypt(encrypt)).toBe(result.request.plaintext);
      expect(body).toBe(result.request.plaintext.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`));
    });

    it('compatible JSON keeps MsgId bare next to Encrypt', async () => {
      const result = await sim.push(channel({ mode: 'compatible' }), { type: 'text', from: 'oUser', content: 'x' });
      const { body } = receiver.received[0];
      expect(rawJsonMsgId(body)).toBe(result.msgId);
      expect(Object.keys(JSON.parse(body) as object)).toEqual([
        'ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Encrypt',
      ]);
    });

    it('matches the official vector A signature for the same Token, timestamp and nonce', async () => {
      sim.registerApp({ appId: 'wxba5fad812f8e6fb9', secret: 's', kind: 'miniprogram' });
      await sim.push(
        channel({ appId: 'wxba5fad812f8e6fb9', token: 'AAAAA', encodingAesKey: 'A'.repeat(43), mode: 'secure' }),
        { type: 'text', from: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', content: 'x' },
        { timestamp: '1714112445', nonce: '415670741' },
      );
      expect(receiver.received[0].query.signature).toBe('6c5c811b55cc85e0e1b54100749188c20beb3f5d');
    });

    it('accepts an encrypted transfer_customer_service reply and reports it', async () => {
      respond = (request) => {
        const reply = `<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_97417a04a28d]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>`;
        const encrypt = crypto.encrypt(reply);
        const signature = messageSignature(TOKEN, '1713424427', request.query.nonce, encrypt);
        return {
          body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[${request.query.nonce}]]></Nonce></xml>`,
        };
      };
      const result = await sim.push(channel({ mode: 'secure', format: 'xml' }), { type: 'text', from: 'oUser', content: 'x' });
      expect(result.delivered).toBe(true);
      expect(result.reply).toMatchObject({ msgType: 'transfer_customer_service', encrypted: true });
    });
  });

  describe('official-account pushes', () => {
    const oa = () => channel({ appId: OA.appId, originalId: 'gh_oa', format: 'xml' });

    it('subscribe, CLICK and unsubscribe events drive the window', async () => {
      await sim.push(oa(), { type: 'subscribe', from: 'oFan', eventKey: 'qrscene_42' });
      expect(receiver.received[0].body).toBe(
        `<xml><ToUserName><![CDATA[gh_oa]]></ToUserName><FromUserName><![CDATA[oFan]]></FromUserName><CreateTime>${Math.floor(START / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_42]]></EventKey></xml>`,
      );
      expect(sim.window(OA.appId, 'oFan')).toMatchObject({ remaining: 3, expiresAt: START + 60_000 });
      sim.clock.advance(2 * 60_000);
      await sim.push(oa(), { type: 'CLICK', from: 'oFan', eventKey: 'MENU_HELP' });
      expect(xmlField(receiver.received[1].body, 'EventKey')).toBe('MENU_HELP');
      expect(sim.window(OA.appId, 'oFan')?.remaining).toBe(3);
      await sim.push(oa(), { type: 'unsubscribe', from: 'oFan' });
      expect(xmlField(receiver.received[2].body, 'Event')).toBe('unsubscribe');
      const token = await tokenFor(sim, OA);
      expect((await send(sim, token, text('oFan'))).errcode).toBe(43004);
    });

    it('voice and video carry media ids of the right type', async () => {
      await sim.push(oa(), { type: 'voice', from: 'oFan', recognition: '你好' });
      await sim.push(oa(), { type: 'video', from: 'oFan' });
      const [voice, video] = receiver.received.map((request) => request.body);
      expect(xmlField(voice, 'Format')).toBe('amr');
      expect(xmlField(voice, 'Recognition')).toBe('你好');
      const token = await tokenFor(sim, OA);
      const get = (id: string) => fetch(`${sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${id}`);
      expect((await get(xmlField(voice, 'MediaId')!)).headers.get('content-type')).toBe('audio/amr');
      expect(await (await get(xmlField(video, 'MediaId')!)).json()).toHaveProperty('video_url');
      expect((await get(xmlField(video, 'ThumbMediaId')!)).headers.get('content-type')).toBe('image/png');
    });

    it('refuses what WeChat never sends', async () => {
      await expect(sim.push(channel({ appId: OA.appId }), { type: 'text', from: 'o', content: 'x' })).rejects.toThrow(/XML only/);
      await expect(sim.push(oa(), { type: 'user_enter_tempsession', from: 'o' })).rejects.toThrow(TypeError);
      await expect(sim.push(channel(), { type: 'subscribe', from: 'o' })).rejects.toThrow(TypeError);
      await expect(sim.push(channel({ appId: 'wxunknown' }), { type: 'text', from: 'o', content: 'x' })).rejects.toThrow(/not registered/);
    });
  });

  describe('answers and retries', () => {
    it('a slow receiver gets the identical push 4 times at most', async () => {
      respond = () => ({ delayMs: 400 });
      const result = await sim.push(channel({ mode: 'secure' }), { type: 'text', from: 'oUser', content: 'x' }, { answerTimeoutMs: 150 });
      expect(result.delivered).toBe(false);
      expect(result.attempts).toHaveLength(4);
      expect(result.attempts.every((attempt) => attempt.error === 'timeout')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.received).toHaveLength(4);
      const first = receiver.received[0];
      for (const request of receiver.received) {
        expect(request.body).toBe(first.body);
        expect(request.url.search).toBe(first.url.search);
      }
    });

    it('waits 5 s by default, then delivers the same MsgId again', async () => {
      respond = (_request, index) => (index === 0 ? { delayMs: 5300 } : undefined);
      const result = await sim.push(channel(), { type: 'text', from: 'oUser', content: 'x' });
      expect(result.delivered).toBe(true);
      expect(result.attempts.map((attempt) => attempt.error ?? attempt.body)).toEqual(['timeout', 'success']);
      expect(result.attempts[0].elapsedMs).toBeGreaterThanOrEqual(4900);
      expect(result.attempts[0].elapsedMs).toBeLessThan(5300);
      expect(rawJsonMsgId(receiver.received[1].body)).toBe(result.msgId);
    }, 15_000);

    it('retries on non-200 and on answers that are neither success nor empty', async () => {
      const answers: Answer[] = [{ status: 500 }, { body: 'ok' }, { body: '{"errcode":0}' }, { body: '' }];
      respond = (_request, index) => answers[index];
      const result = await sim.push(channel(), { type: 'text', from: 'oUser', content: 'x' });
      expect(result.delivered).toBe(true);
      expect(result.attempts.map((attempt) => attempt.status)).toEqual([500, 200, 200, 200]);
      expect(result).toMatchObject({ status: 200, body: '' });
      expect(new Set(receiver.received.map((request) => rawJsonMsgId(request.body))).size).toBe(1);
    });

    it('gives up after the third retry', async () => {
      respond = () => ({ status: 403, body: 'bad signature' });
      const result = await sim.push(channel(), { type: 'text', from: 'oUser', content: 'x' });
      expect(result).toMatchObject({ delivered: false, status: 403, body: 'bad signature' });
      expect(receiver.received).toHaveLength(4);
    });

    it('reports an unreachable relay', async () => {
      await receiver.close();
      const result = await sim.push(channel(), { type: 'text', from: 'oUser', content: 'x' }, { retries: 1 });
      expect(result.delivered).toBe(false);
      expect(result.attempts).toHaveLength(2);
      expect(result.attempts[0].error).toMatch(/ECONNREFUSED/);
      receiver = await new Receiver().start();
    });
  });

  describe('handshake', () => {
    it('sends signature, timestamp, nonce, echostr and accepts the exact echo', async () => {
      respond = (request) => {
        const { signature, timestamp, nonce, echostr } = request.query;
        const valid = signature === handshakeSignature(TOKEN, timestamp, nonce);
        return valid ? { body: echostr } : { status: 401, body: 'no' };
      };
      const result = await sim.handshake(receiver.url, TOKEN);
      expect(result).toMatchObject({ ok: true, status: 200, body: result.echostr });
      expect(receiver.received[0].method).toBe('GET');
      expect(Object.keys(receiver.received[0].query).sort()).toEqual(['echostr', 'nonce', 'signature', 'timestamp']);
      expect((await sim.handshake(receiver.url, 'wrong-token')).ok).toBe(false);
    });

    it('rejects an echo that is not byte for byte', async () => {
      respond = (request) => ({ body: `${request.query.echostr}\n` });
      expect((await sim.handshake(receiver.url, TOKEN)).ok).toBe(false);
      respond = (request) => ({ body: JSON.stringify(request.query.echostr) });
      expect((await sim.handshake(receiver.url, TOKEN)).ok).toBe(false);
    });

    it('reproduces the official handshake example', async () => {
      respond = (request) => ({ body: request.query.echostr });
      const result = await sim.handshake(receiver.url, 'AAAAA', {
        echostr: '4375120948345356249',
        timestamp: '1714036504',
        nonce: '1514711492',
      });
      expect(result.ok).toBe(true);
      expect(receiver.received[0].query.signature).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
    });
  });
});
