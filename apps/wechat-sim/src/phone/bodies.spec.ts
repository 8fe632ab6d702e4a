import { describe, expect, it } from 'vitest';
import { encodeJson, encodeXml } from './bodies';

describe('push body encoders', () => {
  it('writes XML with CDATA text and bare numbers', () => {
    expect(encodeXml([['A', 'x<&>y'], ['N', { number: '9223372036854775807' }]])).toBe(
      '<xml><A><![CDATA[x<&>y]]></A><N>9223372036854775807</N></xml>',
    );
  });

  it('splits ]]> across CDATA sections', () => {
    expect(encodeXml([['A', ']]>']])).toBe('<xml><A><![CDATA[]]]]><![CDATA[>]]></A></xml>');
  });

  it('writes JSON numbers exactly and keeps non-ASCII raw', () => {
    const json = encodeJson([['S', '中"文'], ['N', { number: '9223372036854775807' }]]);
    expect(json).toBe('{"S":"中\\"文","N":9223372036854775807}');
  });
});
