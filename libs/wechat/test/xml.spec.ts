import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BodyParseError, cdata, parseXml, parseXmlFields, writeXml, type BodyRejection } from '../src';

function rejectionOf(run: () => unknown): BodyRejection | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof BodyParseError) return error.rejection;
    throw error;
  }
}

describe('parseXml', () => {
  it('reads CDATA and bare values exactly, nested elements and repeated ones', () => {
    const fields = parseXmlFields(
      '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <ToUserName><![CDATA[gh_abc]]></ToUserName>\n' +
        '  <CreateTime>1482048670</CreateTime>\n  <Content><![CDATA[  spaced  ]]></Content>\n' +
        '  <!-- comment -->\n  <SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item>' +
        '<item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>\n  <Empty/>\n  <Attr kind="x > y">v</Attr>\n</xml>',
    );
    expect(fields.ToUserName).toBe('gh_abc');
    expect(fields.CreateTime).toBe('1482048670');
    expect(fields.Content).toBe('  spaced  ');
    expect(fields.Empty).toBe('');
    expect(fields.Attr).toBe('v');
    expect(fields.SendPicsInfo).toEqual({ Count: '2', PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } });
  });

  it('joins split CDATA sections and decodes the predefined entities and character references', () => {
    const fields = parseXmlFields('<xml><a><![CDATA[x]]]]><![CDATA[>y]]></a><b>&lt;&amp;&gt;&quot;&apos;&#20320;&#x1F600;</b></xml>');
    expect(fields.a).toBe('x]]>y');
    expect(fields.b).toBe('<&>"\'你😀');
  });

  it('treats declarations and entities inside CDATA as text', () => {
    const content = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]> &e; <!-- -->';
    expect(parseXmlFields(writeXml({ Content: content })).Content).toBe(content);
  });

  it('keeps whitespace that is the whole value of a plain element', () => {
    expect(parseXmlFields('<xml><a> 1 </a></xml>').a).toBe(' 1 ');
  });

  it.each([
    ['unknown entity', '<xml><a>&foo;</a></xml>'],
    ['bare ampersand', '<xml><a>a & b</a></xml>'],
    ['reference to a control character', '<xml><a>&#0;</a></xml>'],
    ['mismatched end tag', '<xml><a>1</b></xml>'],
    ['unclosed element', '<xml><a>1</a>'],
    ['two roots', '<xml></xml><xml></xml>'],
    ['text outside the root', 'hello <xml></xml>'],
    ['no root', '   '],
    ['unterminated CDATA', '<xml><a><![CDATA[x</a></xml>'],
    ['unterminated comment', '<xml><!-- x</xml>'],
    ['unterminated tag', '<xml'],
  ])('rejects %s as malformed', (_, text) => {
    expect(rejectionOf(() => parseXml(text))).toBe('malformed');
  });
});

describe('XML attack set', () => {
  /** Parsers must refuse these outright; the time guard only catches a parser that hangs. */
  function expectFastRejection(text: string, rejection: BodyRejection, limits?: { maxBytes: number; maxDepth: number }): void {
    const started = performance.now();
    expect(rejectionOf(() => parseXml(text, limits))).toBe(rejection);
    expect(performance.now() - started).toBeLessThan(100);
  }

  it('XXE reading a local file', () => {
    expectFastRejection('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>', 'unsafe');
  });

  it('XXE fetching a URL, a parameter entity and an external DTD, without any request made', async () => {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.end('<!ENTITY leak "x">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expectFastRejection(`<!DOCTYPE x [<!ENTITY e SYSTEM "${url}/leak">]><xml><a>&e;</a></xml>`, 'unsafe');
      expectFastRejection(`<!DOCTYPE x [<!ENTITY % p SYSTEM "${url}/dtd"> %p;]><xml/>`, 'unsafe');
      expectFastRejection(`<!DOCTYPE xml SYSTEM "${url}/x.dtd"><xml/>`, 'unsafe');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('a reference to an undeclared external entity is refused, not resolved', () => {
    expectFastRejection('<xml><a>&passwd;</a></xml>', 'malformed');
  });

  it('billion laughs', () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    expectFastRejection(`<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]><xml><a>&lol9;</a></xml>`, 'unsafe');
  });

  it('quadratic blow-up (one big entity referenced many times)', () => {
    const big = 'x'.repeat(20_000);
    const text = `<!DOCTYPE x [<!ENTITY big "${big}">]><xml><a>${'&big;'.repeat(2_000)}</a></xml>`;
    expectFastRejection(text, 'unsafe', { maxBytes: 1_000_000, maxDepth: 32 });
  });

  it('an entity declaration hidden later in the document', () => {
    expectFastRejection('<xml><a>1</a><!ENTITY e "x"></xml>', 'unsafe');
  });

  it('deep nesting (10 000 levels)', () => {
    const text = `${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}`;
    expectFastRejection(text, 'too_deep', { maxBytes: 1_000_000, maxDepth: 32 });
    expectFastRejection(text, 'too_large');
  });

  it('a 1 MB body', () => {
    expectFastRejection(`<xml><Content><![CDATA[${'x'.repeat(1024 * 1024)}]]></Content></xml>`, 'too_large');
  });

  it('__proto__, constructor and prototype elements do not pollute', () => {
    const started = performance.now();
    const fields = parseXmlFields(
      '<xml><__proto__><polluted>yes</polluted></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>' +
        '<a><__proto__>x</__proto__></a><prototype>p</prototype></xml>',
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.keys(fields)).toEqual(['a']);
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(Object.keys(fields.a as object)).toEqual([]);
  });
});

describe('writeXml', () => {
  it('writes strings as CDATA, numbers bare, nested records and arrays', () => {
    expect(writeXml({ A: 'x', B: 1, C: 12345678901234567890n, D: { E: 'y' }, F: ['1', '2'], G: undefined })).toBe(
      '<xml><A><![CDATA[x]]></A><B>1</B><C>12345678901234567890</C><D><E><![CDATA[y]]></E></D><F><![CDATA[1]]></F><F><![CDATA[2]]></F></xml>',
    );
  });

  it('splits ]]> across CDATA sections so it reads back unchanged', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    const text = ']]>]]]>x]]';
    expect(parseXmlFields(writeXml({ T: text })).T).toBe(text);
  });
});
