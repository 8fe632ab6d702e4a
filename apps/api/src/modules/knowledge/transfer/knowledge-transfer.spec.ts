import { describe, expect, it } from 'vitest';
import { exportItems, parseImport } from './knowledge-transfer';

/** The old module's table, as merchants copy it out (数字id, 关键字, 类型, 标题, 链接地址[小程序路径], 图片, 过期时间). */
const OLD_TABLE = [
  '数字 id,关键字,类型,标题,链接地址[小程序路径],图片,过期时间',
  '1,引导语,文本,"[name]您好, 欢迎访问道行! 直接回复序号即可{br}1.菜单{br}2.我们的联系方式",,,2018-03-14 18:24:09',
  '2,联系方式,图片,联系方式,,https://cdn.example.com/contact.png,2018-03-11 13:28:11',
  '4,小程序,小程序,道行小程序,pages/index/index,https://cdn.example.com/card.png,2018-03-14 16:38:03',
  '6,官网,图文,道行官网,https://www.example.com,https://cdn.example.com/t.png,',
  '7,音乐,音乐,,,,',
].join('\n');

describe('import files', () => {
  it('reads the old table: Chinese headers and types, text kept in 标题, 链接地址 by type', () => {
    const parsed = parseImport(OLD_TABLE, 'csv');
    expect(parsed.ignoredColumns).toEqual(['过期时间']);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.rows[0].fields).toMatchObject({ number: 1, keyword: '引导语', type: 'text', title: '' });
    expect(parsed.rows[0].fields.content).toMatch(/^\[name\]您好, 欢迎访问道行!/);
    expect(parsed.rows[1].fields).toMatchObject({ number: 2, type: 'image', pictureUrl: 'https://cdn.example.com/contact.png' });
    expect(parsed.rows[2].fields).toMatchObject({ type: 'miniprogram', pagePath: 'pages/index/index', title: '道行小程序' });
    expect(parsed.rows[3].fields).toMatchObject({ type: 'link', url: 'https://www.example.com' });
    expect(parsed.problems).toEqual([{ row: 6, field: 'type', message: expect.stringMatching(/type "音乐" is not known/) }]);
  });

  it('reads English headers, a BOM, blank lines and quoted line breaks', () => {
    const csv = '\uFEFFnumber,keyword,type,content\n\n3,营业时间,text,"第一行\n第二行"\n,菜单,text,x\n';
    const parsed = parseImport(csv, 'csv');
    expect(parsed.rows).toEqual([
      { row: 3, fields: { number: 3, keyword: '营业时间', type: 'text', content: '第一行\n第二行' } },
      { row: 4, fields: { keyword: '菜单', type: 'text', content: 'x' } },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('reports what it cannot read, by row and field', () => {
    expect(parseImport('number,keyword,type\nabc,x,text', 'csv').problems).toEqual([
      { row: 2, field: 'number', message: 'number must be a whole number, got "abc"' },
    ]);
    expect(parseImport('keyword,title\nx,y', 'csv').problems[0]).toMatchObject({ row: 1, field: 'file' });
    expect(parseImport('number,keyword,type\n1,"x,text', 'csv').problems[0]).toMatchObject({ field: 'file' });
    expect(parseImport('{nope', 'json').problems[0]).toMatchObject({ row: 0, field: 'file' });
    expect(parseImport('{"a":1}', 'json').problems[0].message).toMatch(/array of items/);
    expect(parseImport('[1, {"keyword":"a","type":"文本","title":"t","content":"c"}]', 'json')).toMatchObject({
      rows: [{ row: 1 }, { row: 2, fields: { keyword: 'a', type: 'text', title: 't', content: 'c' } }],
      problems: [{ row: 1, field: 'row' }],
    });
  });

  it('exports files an import reads back unchanged', () => {
    const items = [
      {
        number: 1, keyword: '菜单', type: 'text' as const, title: '', content: '第一行{br}"引号",逗号\n换行', description: '',
        url: null, pagePath: null, pictureUrl: null, mediaAssetId: null, agentId: null, sortOrder: 0,
      },
      {
        number: 2, keyword: '官网', type: 'link' as const, title: '官网', content: '', description: 'd', url: 'https://x.cn',
        pagePath: null, pictureUrl: 'https://x.cn/a.png', mediaAssetId: null, agentId: '6f1c1e9e-8a4e-4d55-9d2a-0b1c2d3e4f50', sortOrder: 1,
      },
    ];
    const csv = exportItems(items, 'csv');
    expect(csv.startsWith('\uFEFFnumber,keyword,type,title,content')).toBe(true);
    const back = parseImport(csv, 'csv').rows.map((r) => r.fields);
    expect(back[0]).toMatchObject({ number: 1, keyword: '菜单', content: items[0].content, url: '' });
    expect(back[1]).toMatchObject({ number: 2, type: 'link', url: 'https://x.cn', agentId: items[1].agentId, sortOrder: 1 });
    const json = parseImport(exportItems(items, 'json'), 'json').rows.map((r) => r.fields);
    expect(json).toEqual(items);
  });
});
