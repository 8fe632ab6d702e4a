/**
 * The one folding used to compare what a customer types with item numbers and keywords (B4), and
 * to keep keywords unique (F1):
 *
 * - Unicode NFKC, so full-width forms equal their ASCII ones (`１` = `1`, `ａ` = `a`, `＃` = `#`,
 *   the ideographic space U+3000 = a space);
 * - lower case;
 * - surrounding white space removed and inner runs of white space made one space.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Longest run of digits read as an item number; longer digit strings are no number. */
const MAX_NUMBER_DIGITS = 9;

/**
 * The item number a text asks for, or null. Text made only of digits (after folding) is a number,
 * leading zeros ignored: `03`, `０３` and `3` all ask for item 3. That is why a keyword may not be
 * made of digits only: it would never be reached.
 */
export function numberFromText(text: string): number | null {
  const folded = foldText(text);
  if (!/^\d+$/.test(folded)) return null;
  const digits = folded.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_NUMBER_DIGITS) return null;
  return Number(digits);
}
