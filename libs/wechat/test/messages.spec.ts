import { describe, expect, it } from 'vitest';
import {
  asAgent,
  imageMessage,
  linkMessage,
  miniProgramPageMessage,
  mpnewsArticleMessage,
  mpnewsMessage,
  msgMenuMessage,
  musicMessage,
  newsMessage,
  textMessage,
  trimUtf8,
  videoMessage,
  voiceMessage,
  wxcardMessage,
} from '../src';

describe('custom message builders produce the JSON of the protocol reference', () => {
  it.each([
    [textMessage('OPENID', 'Hello World'), '{"touser":"OPENID","msgtype":"text","text":{"content":"Hello World"}}'],
    [imageMessage('OPENID', 'MEDIA_ID'), '{"touser":"OPENID","msgtype":"image","image":{"media_id":"MEDIA_ID"}}'],
    [
      linkMessage('OPENID', { title: 'Happy Day', description: 'Is Really A Happy Day', url: 'https://example.com/a', thumbUrl: 'https://example.com/a.png' }),
      '{"touser":"OPENID","msgtype":"link","link":{"title":"Happy Day","description":"Is Really A Happy Day","url":"https://example.com/a","thumb_url":"https://example.com/a.png"}}',
    ],
    [
      miniProgramPageMessage('OPENID', { title: 'title', pagePath: 'pages/index/index?foo=bar', thumbMediaId: 'MEDIA_ID' }),
      '{"touser":"OPENID","msgtype":"miniprogrampage","miniprogrampage":{"title":"title","pagepath":"pages/index/index?foo=bar","thumb_media_id":"MEDIA_ID"}}',
    ],
    [voiceMessage('OPENID', 'MEDIA_ID'), '{"touser":"OPENID","msgtype":"voice","voice":{"media_id":"MEDIA_ID"}}'],
    [
      videoMessage('OPENID', { mediaId: 'MEDIA_ID', thumbMediaId: 'MEDIA_ID', title: 'TITLE', description: 'DESCRIPTION' }),
      '{"touser":"OPENID","msgtype":"video","video":{"media_id":"MEDIA_ID","thumb_media_id":"MEDIA_ID","title":"TITLE","description":"DESCRIPTION"}}',
    ],
    [
      musicMessage('OPENID', {
        title: 'MUSIC_TITLE',
        description: 'MUSIC_DESCRIPTION',
        musicUrl: 'MUSIC_URL',
        hqMusicUrl: 'HQ_MUSIC_URL',
        thumbMediaId: 'THUMB_MEDIA_ID',
      }),
      '{"touser":"OPENID","msgtype":"music","music":{"title":"MUSIC_TITLE","description":"MUSIC_DESCRIPTION","musicurl":"MUSIC_URL","hqmusicurl":"HQ_MUSIC_URL","thumb_media_id":"THUMB_MEDIA_ID"}}',
    ],
    [
      newsMessage('OPENID', { title: 'Happy Day', description: 'Is Really A Happy Day', url: 'URL', picUrl: 'PIC_URL' }),
      '{"touser":"OPENID","msgtype":"news","news":{"articles":[{"title":"Happy Day","description":"Is Really A Happy Day","url":"URL","picurl":"PIC_URL"}]}}',
    ],
    [mpnewsMessage('OPENID', 'MEDIA_ID'), '{"touser":"OPENID","msgtype":"mpnews","mpnews":{"media_id":"MEDIA_ID"}}'],
    [mpnewsArticleMessage('OPENID', 'ARTICLE_ID'), '{"touser":"OPENID","msgtype":"mpnewsarticle","mpnewsarticle":{"article_id":"ARTICLE_ID"}}'],
    [
      msgMenuMessage('OPENID', {
        headContent: '您对本次服务是否满意呢?',
        options: [
          { id: '101', content: '满意' },
          { id: '102', content: '不满意' },
        ],
        tailContent: '欢迎再次光临',
      }),
      '{"touser":"OPENID","msgtype":"msgmenu","msgmenu":{"head_content":"您对本次服务是否满意呢?","list":[{"id":"101","content":"满意"},{"id":"102","content":"不满意"}],"tail_content":"欢迎再次光临"}}',
    ],
    [wxcardMessage('OPENID', 'CARD_ID'), '{"touser":"OPENID","msgtype":"wxcard","wxcard":{"card_id":"CARD_ID"}}'],
    [
      miniProgramPageMessage('OPENID', { title: 'title', appId: 'wxMINIPROGRAM', pagePath: 'pages/index/index', thumbMediaId: 'MEDIA_ID' }),
      '{"touser":"OPENID","msgtype":"miniprogrampage","miniprogrampage":{"title":"title","appid":"wxMINIPROGRAM","pagepath":"pages/index/index","thumb_media_id":"MEDIA_ID"}}',
    ],
  ])('%#', (message, json) => {
    expect(JSON.stringify(message)).toBe(json);
  });

  it('sends as an agent', () => {
    expect(JSON.stringify(asAgent(textMessage('O', 'x'), 'test1@kftest'))).toBe(
      '{"touser":"O","msgtype":"text","text":{"content":"x"},"customservice":{"kf_account":"test1@kftest"}}',
    );
  });

  it('leaves non-ASCII text unescaped', () => {
    expect(JSON.stringify(textMessage('O', '你好😀'))).toContain('"content":"你好😀"');
  });
});

describe('trimUtf8', () => {
  it('keeps text within the limit unchanged', () => {
    expect(trimUtf8('hello')).toBe('hello');
    expect(trimUtf8('你'.repeat(682))).toBe('你'.repeat(682));
  });

  it('cuts at 2048 bytes on code-point boundaries', () => {
    expect(Buffer.byteLength(trimUtf8('a'.repeat(3000)))).toBe(2048);
    const cjk = trimUtf8('你'.repeat(1000));
    expect(cjk).toBe('你'.repeat(682));
    const emoji = trimUtf8(`a${'😀'.repeat(600)}`);
    expect(emoji).toBe(`a${'😀'.repeat(511)}`);
    expect(Buffer.byteLength(emoji)).toBe(2045);
  });

  it('never splits a surrogate pair and replaces lone surrogates', () => {
    expect(trimUtf8('ab😀', 5)).toBe('ab');
    expect(trimUtf8('a\ud800b\udc00')).toBe('a\ufffdb\ufffd');
    expect(JSON.stringify(textMessage('O', 'x\ud83d'))).not.toContain('\\u');
  });

  it('trims text messages', () => {
    const message = textMessage('O', 'é'.repeat(2000));
    expect(Buffer.byteLength((message.text as { content: string }).content)).toBe(2048);
  });
});
