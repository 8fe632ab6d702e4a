import { MAX_TEXT_BYTES } from '@kefu/wechat';

/** Who a knowledge item is rendered for: what fills `[name]` and `[id]`. */
export interface RenderCustomer {
  nickname?: string | null;
  /** The customer's number in the tenant (B1). */
  number?: number | string | null;
}

/** What `[name]` becomes when the nickname is unknown. */
export const UNKNOWN_NICKNAME = '客户';

const PLACEHOLDERS = /\[name\]|\[id\]|\{br\}|\(br\)/giu;

/**
 * F2, for every text field: `[name]` → the nickname (or `客户`), `[id]` → the customer number,
 * `{br}` and `(br)` → a line break. Placeholders are case-insensitive; what replaces them is not
 * scanned again, so a nickname containing `{br}` stays as it is.
 */
export function renderText(template: string, customer: RenderCustomer = {}): string {
  return template.replace(PLACEHOLDERS, (placeholder) => {
    switch (placeholder.toLowerCase()) {
      case '[name]': {
        const nickname = customer.nickname?.trim();
        return nickname ? nickname : UNKNOWN_NICKNAME;
      }
      case '[id]':
        return customer.number === null || customer.number === undefined ? '' : String(customer.number);
      default:
        return '\n';
    }
  });
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The customer used to check a text's length when it is saved: the unknown-nickname fill and a
 * six-digit number. A long nickname can still push a text over the limit when it is sent; the
 * sender then cuts it at 2048 bytes on a character boundary.
 */
export const SAMPLE_CUSTOMER: RenderCustomer = { nickname: null, number: 999999 };

/** Problem with a text template's length, or null when it fits in one WeChat text message. */
export function textLengthProblem(template: string): string | null {
  const bytes = utf8Length(renderText(template, SAMPLE_CUSTOMER));
  if (bytes <= MAX_TEXT_BYTES) return null;
  return (
    `is ${bytes} bytes long once its placeholders are filled in; WeChat takes at most ${MAX_TEXT_BYTES} ` +
    `bytes (UTF-8: a Chinese character counts 3, most emoji 4), so shorten it or split it into two items`
  );
}
