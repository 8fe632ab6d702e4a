import { describe, expect, it } from 'vitest';
import { KnowledgeSearchIndex, SEARCH_THRESHOLD, SearchDocument, terms } from './knowledge-search';

/** A small clothing shop's knowledge base, as a merchant would write it. */
const SHOP: SearchDocument[] = [
  { id: 'welcome', keyword: '菜单', title: '欢迎语', description: '', content: '[name]您好，欢迎光临小鹿服饰！回复数字查看：{br}1.营业时间{br}2.联系方式{br}3.门店地址' },
  { id: 'hours', keyword: '营业时间', title: '营业时间', description: '', content: '门店每天 10:00-22:00 营业，节假日照常；线上客服 9:00-23:00 在线。' },
  { id: 'contact', keyword: '联系方式', title: '联系方式', description: '', content: '客服电话 400-800-1234，微信号 xiaolu-fushi，工作时间内随时找我们。' },
  { id: 'address', keyword: '门店地址', title: '门店地址', description: '', content: '上海市徐汇区漕溪北路 88 号 1 楼，地铁 1 号线徐家汇站 5 号口出。' },
  { id: 'shipping', keyword: '发货', title: '发货与快递', description: '', content: '下单后 48 小时内发货，默认顺丰快递，江浙沪次日达，满 99 元包邮。' },
  { id: 'refund', keyword: '退换货', title: '退换货说明', description: '', content: '签收后 7 天内可无理由退换，吊牌完好不影响二次销售；退款原路返回，3-5 个工作日到账。' },
  { id: 'size', keyword: '尺码表', title: '尺码推荐', description: '', content: '身高 160 体重 50kg 以内选 S，165/55kg 选 M，170/62kg 选 L，偏胖建议大一码。' },
  { id: 'member', keyword: '会员', title: '会员积分', description: '', content: '消费 1 元积 1 分，100 积分抵 1 元；会员生日当月享 8 折。' },
  { id: 'promotion', keyword: '活动', title: '本月优惠活动', description: '', content: '全场满 300 减 50，新客首单送 20 元优惠券，可与会员折扣叠加。' },
  { id: 'invoice', keyword: '发票', title: '开具发票', description: '', content: '支持电子普通发票，下单时填写抬头和税号，确认收货后 3 天内发到邮箱。' },
  { id: 'payment', keyword: '付款方式', title: '付款方式', description: '', content: '支持微信支付、支付宝和银行卡，暂不支持货到付款。' },
  { id: 'website', keyword: '官网', title: '小鹿服饰官网', description: '更多新品在官网', content: '' },
];

/** Customers' questions and the item a person would answer with (null: none fits, hand it to a human). */
const LABELLED: [string, string | null][] = [
  ['怎么联系你们', 'contact'],
  ['几点开门', 'hours'],
  ['你们晚上开到几点', 'hours'],
  ['客服电话多少', 'contact'],
  ['店在哪里', 'address'],
  ['门店怎么走', 'address'],
  ['什么时候发货', 'shipping'],
  ['包邮吗', 'shipping'],
  ['快递几天能到', 'shipping'],
  ['衣服不合适可以退吗', 'refund'],
  ['退款多久到账', 'refund'],
  ['我身高165穿什么码', 'size'],
  ['尺码偏大还是偏小', 'size'],
  ['积分怎么用', 'member'],
  ['最近有什么优惠', 'promotion'],
  ['能开发票吗', 'invoice'],
  ['可以用支付宝付款吗', 'payment'],
  ['支持货到付款吗', 'payment'],
  ['你们官网是什么', 'website'],
  ['营业时间', 'hours'],
  ['周末营业吗', 'hours'],
  ['有没有优惠券', 'promotion'],
  ['怎么开电子发票', 'invoice'],
  ['S码适合多高的人', 'size'],
  ['你们的微信号是多少', 'contact'],
  ['我的快递到哪了', 'shipping'],
  ['可以刷银行卡吗', 'payment'],
  ['给我看看菜单', 'welcome'],
  ['退货运费谁出', 'refund'],
  ['地铁怎么到你们店', 'address'],
  ['这件衣服是什么面料', null],
  ['你们老板是谁', null],
  ['今天天气怎么样', null],
  ['我想投诉', null],
  ['这款还有黑色的吗', null],
  ['我要转人工', null],
  ['能便宜点吗', null],
];

describe('B6.4 robot search', () => {
  const index = new KnowledgeSearchIndex(SHOP);

  it('splits Chinese into unigrams and bigrams, drops filler, adds concepts', () => {
    const found = terms('怎么联系你们').map((t) => t.term);
    expect(found).toEqual(expect.arrayContaining(['~contact', '联系', '联', '系']));
    expect(found).not.toContain('你们');
    expect(found).not.toContain('怎么');
    expect(terms('ＶＩＰ会员').map((t) => t.term)).toEqual(expect.arrayContaining(['vip', '会员', '~member']));
  });

  it('finds the item a person would answer with, with good precision and recall', () => {
    let answered = 0;
    let right = 0;
    const expectedAnswers = LABELLED.filter(([, expected]) => expected !== null).length;
    const lines: string[] = [];
    for (const [question, expected] of LABELLED) {
      const hit = index.best(question);
      const confident = hit !== null && hit.score >= SEARCH_THRESHOLD;
      const got = confident ? hit.item.id : null;
      if (got !== null) answered++;
      if (got !== null && got === expected) right++;
      lines.push(
        `${got === expected ? 'ok ' : 'BAD'} ${question} → ${got ?? '-'} (${hit ? `${hit.item.id} ${hit.score.toFixed(2)}` : 'no hit'}), expected ${expected ?? '-'}`,
      );
    }
    const precision = answered === 0 ? 1 : right / answered;
    const recall = right / expectedAnswers;
    console.log(`${lines.join('\n')}\nB6.4 search: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} over ${LABELLED.length} questions`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.7);
  });

  it('scores between 0 and 1 and prefers an exact title', () => {
    const hit = index.best('营业时间');
    expect(hit?.item.id).toBe('hours');
    expect(hit!.score).toBeGreaterThan(0.5);
    expect(hit!.score).toBeLessThanOrEqual(1);
    for (const [question] of LABELLED) for (const { score } of index.rank(question)) expect(score).toBeLessThanOrEqual(1);
  });

  it('answers nothing from an empty knowledge base or an empty question', () => {
    expect(new KnowledgeSearchIndex([]).best('几点开门')).toBeNull();
    expect(index.best('   ')).toBeNull();
    expect(index.best('？？')).toBeNull();
  });
});
