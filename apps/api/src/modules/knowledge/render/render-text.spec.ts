import { describe, expect, it } from 'vitest';
import { renderText, textLengthProblem, utf8Length } from './render-text';

describe('F2 placeholders', () => {
  it.each([
    ['你好[name]！', { nickname: '张三', number: 12 }, '你好张三！'],
    ['你好[name]！', { nickname: null, number: 12 }, '你好客户！'],
    ['你好[name]！', { nickname: '   ', number: 12 }, '你好客户！'],
    ['你好[name]！', {}, '你好客户！'],
    ['您的编号是[id]', { nickname: '张三', number: 12 }, '您的编号是12'],
    ['您的编号是[id]', {}, '您的编号是'],
    ['第一行{br}第二行(br)第三行', {}, '第一行\n第二行\n第三行'],
    ['{BR}[Name][ID]', { nickname: 'Li', number: 7 }, '\nLi7'],
    ['[name]，[name]', { nickname: '王五' }, '王五，王五'],
    ['no placeholders [names] {b r}', {}, 'no placeholders [names] {b r}'],
    // What fills a placeholder is not read again.
    ['[name]', { nickname: '{br}[id]' , number: 5 }, '{br}[id]'],
  ])('renders %j for %j', (template, customer, expected) => {
    expect(renderText(template, customer)).toBe(expected);
  });

  it('measures text in UTF-8 bytes and names the 2048-byte limit', () => {
    expect(utf8Length('a中😀')).toBe(1 + 3 + 4);
    expect(textLengthProblem('中'.repeat(682))).toBeNull(); // 2046 bytes
    expect(textLengthProblem('中'.repeat(683))).toMatch(/2049 bytes.*at most 2048 bytes/);
    // `{br}` is four characters written but one byte sent.
    expect(textLengthProblem(`${'a'.repeat(2047)}{br}`)).toBeNull();
    // `[name]` becomes 客户 (6 bytes) when checked.
    expect(textLengthProblem(`${'a'.repeat(2042)}[name]`)).toBeNull();
    expect(textLengthProblem(`${'a'.repeat(2043)}[name]`)).toMatch(/2049 bytes/);
  });
});
