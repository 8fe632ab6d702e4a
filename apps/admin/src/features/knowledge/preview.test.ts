import { describe, expect, it } from 'vitest';
import { renderPreviewText, textBytes } from './preview';

describe('renderPreviewText', () => {
  it('fills in the sample name and number', () => {
    expect(renderPreviewText('您好 [name]，您的编号是 [id]')).toBe('您好 张三，您的编号是 12');
  });

  it('turns {br} and (br) into line breaks', () => {
    expect(renderPreviewText('第一行{br}第二行(br)第三行')).toBe('第一行\n第二行\n第三行');
  });

  it('ignores letter case in placeholders', () => {
    expect(renderPreviewText('[NAME] [Id] {BR}')).toBe('张三 12 \n');
  });

  it('does not scan what it put in again', () => {
    expect(renderPreviewText('[name]', { nickname: '{br}', number: 1 })).toBe('{br}');
  });

  it('leaves other brackets alone', () => {
    expect(renderPreviewText('[foo] {bar} (baz)')).toBe('[foo] {bar} (baz)');
  });
});

describe('textBytes', () => {
  it('counts UTF-8 bytes after filling in the longest sample', () => {
    expect(textBytes('[id]')).toBe(6);
    expect(textBytes('你好')).toBe(6);
    expect(textBytes('[name]')).toBe(6);
  });
});
