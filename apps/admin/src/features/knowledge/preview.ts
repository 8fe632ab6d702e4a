/** The sample customer the editor's preview renders for. */
export interface PreviewCustomer {
  nickname: string;
  number: number;
}

export const SAMPLE_CUSTOMER: PreviewCustomer = { nickname: '张三', number: 12 };

/** WeChat takes at most this many UTF-8 bytes in one text message. */
export const MAX_TEXT_BYTES = 2048;

const PLACEHOLDERS = /\[name\]|\[id\]|\{br\}|\(br\)/giu;

/**
 * What a customer sees for a text template, as the api renders it (F2): `[name]` → the nickname,
 * `[id]` → the customer number, `{br}` and `(br)` → a line break. Case-insensitive; what replaces
 * a placeholder is not scanned again.
 */
export function renderPreviewText(template: string, customer: PreviewCustomer = SAMPLE_CUSTOMER): string {
  return template.replace(PLACEHOLDERS, (placeholder) => {
    switch (placeholder.toLowerCase()) {
      case '[name]':
        return customer.nickname;
      case '[id]':
        return String(customer.number);
      default:
        return '\n';
    }
  });
}

/** The length the api checks on save: unknown nickname (客户) and a six-digit number. */
export function textBytes(template: string): number {
  return new TextEncoder().encode(renderPreviewText(template, { nickname: '客户', number: 999999 })).length;
}
