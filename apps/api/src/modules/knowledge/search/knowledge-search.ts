/**
 * The robot's search (B6.4): which knowledge item best answers a free question, and how sure it is.
 *
 * Chinese has no spaces, so text becomes character unigrams and bigrams (plus whole Latin words and
 * numbers); a short list of shop synonyms adds "concept" terms to both sides, so 「怎么联系你们」
 * meets an item titled 「联系方式」 and 「几点开门」 one titled 「营业时间」. Each term weighs its
 * inverse document frequency over the tenant's items (bigrams and concepts more than unigrams).
 *
 * The score of an item is the share of the question's weight it covers (0…1), each term counted
 * at the weight of the best field it occurs in (title and keyword 1, description 0.8, content 0.6).
 * Question terms no item contains count less (they are often filler), but still lower the score,
 * so a question about something the knowledge base does not cover stays below the threshold.
 */

export interface SearchDocument {
  id: string;
  keyword: string;
  title: string;
  description: string;
  content: string;
}

export interface SearchHit<T extends SearchDocument> {
  item: T;
  score: number;
}

/** Score from which the robot answers with the item rather than the fallback text. */
export const SEARCH_THRESHOLD = 0.3;

type TermKind = 'unigram' | 'bigram' | 'word' | 'concept';

const KIND_WEIGHT: Record<TermKind, number> = { unigram: 0.4, bigram: 1, word: 1, concept: 3 };
const FIELD_WEIGHT = { keyword: 1, title: 1, description: 0.8, content: 0.6 } as const;
/** How much a question term found in no item counts. */
const UNKNOWN_TERM_FACTOR = 0.35;

/** Characters that carry no subject on their own. */
const STOP_CHARS = new Set(
  Array.from('的了吗呢吧啊呀么嘛哦噢呗哈嗯你我他她它们是在有和与及就都也还要想请问一下个这那些什怎样能会可以给对吧啦么儿'),
);
/** Bigrams that carry no subject. */
const STOP_BIGRAMS = new Set([
  '你们', '我们', '他们', '怎么', '什么', '请问', '一下', '可以', '这个', '那个', '是不', '不是', '有没', '没有',
  '能不', '不能', '想问', '问一', '咨询', '知道', '你好', '您好', '一个', '怎样', '如何', '要是', '的话', '是否',
]);

/** Shop synonyms: any of these phrases in a text adds its concept term. */
const CONCEPTS: Record<string, string[]> = {
  contact: ['联系', '电话', '客服', '热线', '微信号', '手机号', '致电', '打给'],
  hours: ['营业', '几点', '开门', '关门', '上班时间', '下班时间', '休息日', '开到'],
  address: ['地址', '在哪', '哪里', '位置', '怎么走', '门店', '到店', '路线', '导航'],
  shipping: ['快递', '发货', '物流', '配送', '运费', '包邮', '几天到', '多久到', '送货', '寄到'],
  refund: ['退货', '退款', '退换', '换货', '售后', '无理由', '退钱'],
  payment: ['付款', '支付', '支付宝', '货到付款', '分期', '转账', '付钱'],
  invoice: ['发票', '开票', '报销', '抬头'],
  member: ['会员', '积分', '等级', '会员卡'],
  promotion: ['优惠', '打折', '折扣', '活动', '优惠券', '满减', '促销', '便宜'],
  size: ['尺码', '码数', '尺寸', '多大', '偏大', '偏小', '身高', '体重'],
  price: ['价格', '多少钱', '价钱', '报价', '价目'],
  website: ['网址', '官网', '网站', '网页'],
  human: ['人工', '真人', '转人工', '找客服'],
};

const HAN = /\p{Script=Han}/u;

interface Term {
  term: string;
  kind: TermKind;
}

/** The terms of a text, each once. Exported for tests. */
export function terms(text: string): Term[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[name\]|\[id\]|\{br\}|\(br\)/g, ' ');
  const found = new Map<string, TermKind>();
  const add = (term: string, kind: TermKind) => {
    if (!found.has(term)) found.set(term, kind);
  };
  for (const [concept, phrases] of Object.entries(CONCEPTS)) {
    if (phrases.some((phrase) => folded.includes(phrase))) add(`~${concept}`, 'concept');
  }
  for (const run of folded.match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu) ?? []) {
    if (!HAN.test(run)) {
      if (run.length >= 2 || /\d/.test(run)) add(run, 'word');
      continue;
    }
    const chars = Array.from(run);
    chars.forEach((char, index) => {
      if (!STOP_CHARS.has(char)) add(char, 'unigram');
      const next = chars[index + 1];
      if (next === undefined) return;
      const bigram = char + next;
      if (!STOP_BIGRAMS.has(bigram) && !(STOP_CHARS.has(char) && STOP_CHARS.has(next))) add(bigram, 'bigram');
    });
  }
  return [...found].map(([term, kind]) => ({ term, kind }));
}

interface IndexedDocument<T> {
  item: T;
  /** Term → weight of the best field it occurs in. */
  fields: Map<string, number>;
}

/** An index over one tenant's items; build it once per cache load. */
export class KnowledgeSearchIndex<T extends SearchDocument> {
  private readonly documents: IndexedDocument<T>[];
  private readonly documentFrequency = new Map<string, number>();

  constructor(items: readonly T[]) {
    this.documents = items.map((item) => {
      const fields = new Map<string, number>();
      for (const field of ['keyword', 'title', 'description', 'content'] as const) {
        for (const { term } of terms(item[field])) {
          fields.set(term, Math.max(fields.get(term) ?? 0, FIELD_WEIGHT[field]));
        }
      }
      for (const term of fields.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      return { item, fields };
    });
  }

  get size(): number {
    return this.documents.length;
  }

  /** Every item with a score above zero, best first (ties: the earlier item). */
  rank(question: string): SearchHit<T>[] {
    const count = this.documents.length;
    const weighted = terms(question).map(({ term, kind }) => {
      const df = this.documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      return { term, weight: KIND_WEIGHT[kind] * idf * (df === 0 ? UNKNOWN_TERM_FACTOR : 1) };
    });
    const total = weighted.reduce((sum, { weight }) => sum + weight, 0);
    if (total === 0) return [];
    const hits: SearchHit<T>[] = [];
    for (const document of this.documents) {
      let covered = 0;
      for (const { term, weight } of weighted) covered += weight * (document.fields.get(term) ?? 0);
      if (covered > 0) hits.push({ item: document.item, score: covered / total });
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  /** The best item, or null when nothing shares a term with the question. */
  best(question: string): SearchHit<T> | null {
    return this.rank(question)[0] ?? null;
  }
}
