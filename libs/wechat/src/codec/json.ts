import {
  assertWithinSize,
  BodyParseError,
  DEFAULT_PARSE_LIMITS,
  isForbiddenName,
  type ParseLimits,
  type WireRecord,
  type WireValue,
} from './fields';
import type { OutRecord, OutValue } from './xml';

const BACKSLASH = 0x5c;
/** `: <number>` right after a member name (sticky: matched where the name ends). */
const MEMBER_NUMBER = /[ \t\r\n]*:[ \t\r\n]*(-?\d+)((?:\.\d+)?(?:[eE][+-]?\d+)?)/y;
/** Names JSON.stringify would write unchanged between quotes. */
const PLAIN_KEY = /^[A-Za-z0-9_]*$/;

/**
 * Parses a JSON object body into wire fields (all scalars as strings); throws `BodyParseError`.
 * Integers beyond 2^53 keep their exact digits: for a flat object (every push) they are read back from
 * the text after parsing; otherwise every long integer is quoted first and the text parsed again.
 */
export function parseJsonFields(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): WireRecord {
  assertWithinSize(text, limits.maxBytes);
  let parsed = parseObject(text);
  if (!restoreTopLevelIntegers(parsed, text)) parsed = parseObject(quoteLongIntegers(text));
  return toRecord(parsed, 1, limits.maxDepth);
}

function parseObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BodyParseError('malformed', `malformed JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new BodyParseError('malformed', 'JSON body is not an object');
  return parsed;
}

/**
 * Replaces top-level integers that JSON.parse rounded by their digits in the text. Returns false when
 * that cannot be done with certainty (a nested value, a key written twice or with escapes), and the
 * caller falls back to quoting.
 */
function restoreTopLevelIntegers(object: Record<string, unknown>, text: string): boolean {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (typeof value === 'object' && value !== null) return false;
    if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) continue;
    const literal = integerLiteralOf(text, key, value);
    if (literal === undefined) return false;
    object[key] = literal;
  }
  return true;
}

/**
 * The literal of member `key` when its quoted name occurs exactly once in the text. A quoted name
 * cannot occur inside a string (its quotes would be escaped), so that one occurrence is the member.
 */
function integerLiteralOf(text: string, key: string, value: number): string | undefined {
  const name = PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key);
  const at = text.indexOf(name);
  if (at === -1 || text.indexOf(name, at + name.length) !== -1) return undefined;
  MEMBER_NUMBER.lastIndex = at + name.length;
  const match = MEMBER_NUMBER.exec(text);
  if (!match || Number(match[1] + match[2]) !== value) return undefined;
  // Only plain integer literals are kept verbatim, as quoting would; `1e20` is rendered like any number.
  return match[2] === '' ? match[1] : String(value);
}

/**
 * JSON.parse rounds integers above 2^53 (WeChat's MsgId is a 64-bit number), so integer literals of
 * 16 or more digits are quoted before parsing. A candidate is left alone when it sits inside a string
 * (odd number of unescaped quotes before it) or has a fraction or exponent. Malformed input is left
 * for JSON.parse to reject.
 */
export function quoteLongIntegers(text: string): string {
  // In valid JSON a number follows `:`, `,` or `[` (and blanks); anchoring on them keeps the regex
  // from trying every digit of every short number.
  const candidates = /([:,[][ \t\r\n]*)(-?\d{16,})(?![\d.eE])/g;
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  let quote = text.indexOf('"');
  for (let match = candidates.exec(text); match !== null; match = candidates.exec(text)) {
    const start = match.index + match[1].length;
    while (quote !== -1 && quote < start) {
      if (!inString || !isEscaped(text, quote)) inString = !inString;
      quote = text.indexOf('"', quote + 1);
    }
    if (inString) continue;
    const end = start + match[2].length;
    out += `${text.slice(copiedUpTo, start)}"${match[2]}"`;
    copiedUpTo = end;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Whether the quote at `quoteIndex` is preceded by an odd number of backslashes. */
function isEscaped(text: string, quoteIndex: number): boolean {
  let backslashes = 0;
  for (let i = quoteIndex - 1; text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts JSON.parse's object in place (cheaper than copying on the push hot path): scalars become
 * strings, forbidden keys are deleted, and the prototype is removed.
 */
function toRecord(object: Record<string, unknown>, depth: number, maxDepth: number): WireRecord {
  if (depth > maxDepth) throw new BodyParseError('too_deep', `objects nest deeper than ${maxDepth} levels`);
  for (const key of Object.keys(object)) {
    if (isForbiddenName(key)) {
      delete object[key];
      continue;
    }
    const value = object[key];
    if (typeof value !== 'string') object[key] = toWire(value, depth, maxDepth);
  }
  Object.setPrototypeOf(object, null);
  return object as WireRecord;
}

function toWire(value: unknown, depth: number, maxDepth: number): WireValue {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    if (depth + 1 > maxDepth) throw new BodyParseError('too_deep', `arrays nest deeper than ${maxDepth} levels`);
    return value.map((item) => toWire(item, depth + 1, maxDepth));
  }
  if (isPlainObject(value)) return toRecord(value, depth + 1, maxDepth);
  return String(value);
}

/**
 * Pulls the `Encrypt` string out of a JSON body without parsing the rest of it; undefined when there
 * is none. The literal `"Encrypt"` followed by `:` cannot occur inside a JSON string (its quotes would
 * be escaped), so the first such occurrence is a key. The value is base64: its only escape is `\/`.
 */
export function extractJsonEncrypt(text: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = text.indexOf('"Encrypt"', from);
    if (at === -1) return undefined;
    from = at + 9;
    let i = skipBlanks(text, from);
    if (text[i] !== ':') continue;
    i = skipBlanks(text, i + 1);
    if (text[i] !== '"') continue;
    const end = text.indexOf('"', i + 1);
    if (end === -1) return undefined;
    const value = text.slice(i + 1, end);
    return value.includes('\\') ? value.replace(/\\\//g, '/') : value;
  }
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  return i;
}

/**
 * Serialises fields as a JSON object in insertion order. Strings are JSON strings (non-ASCII stays
 * raw UTF-8), numbers and bigints are bare, so a 64-bit MsgId can be written exactly as WeChat does.
 */
export function writeJson(fields: OutRecord): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${JSON.stringify(name)}:${writeJsonValue(value)}`);
  }
  return `{${parts.join(',')}}`;
}

function writeJsonValue(value: OutValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(writeJsonValue).join(',')}]`;
  return writeJson(value);
}
