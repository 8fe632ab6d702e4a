import { describe, expect, it } from 'vitest';
import { foldText, numberFromText } from './fold-text';

describe('B4 folding for number and keyword matching', () => {
  it.each([
    ['营业时间', '营业时间'],
    ['  营业时间 ', '营业时间'],
    ['\u3000营业时间\u3000', '营业时间'], // ideographic spaces around
    ['ＶＩＰ', 'vip'],
    ['Vip', 'vip'],
    ['ｖｉｐ会员', 'vip会员'],
    ['１２３', '123'],
    ['WiFi\u3000密码', 'wifi 密码'],
    ['wifi   密码', 'wifi 密码'],
    ['ＡＢＣ＃', 'abc#'],
    ['（营业）', '(营业)'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it.each([
    ['3', 3],
    ['03', 3],
    ['００３', 3],
    ['３', 3],
    [' 12 ', 12],
    ['\u300012\u3000', 12],
    ['0', 0],
    ['999999999', 999999999],
    ['1234567890', null], // longer than any item number
    ['3#', null],
    ['3a', null],
    ['三', null],
    ['-3', null],
    ['3.0', null],
    ['1 2', null],
    ['', null],
  ])('reads %j as number %j', (text, number) => {
    expect(numberFromText(text)).toBe(number);
  });
});
