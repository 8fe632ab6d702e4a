import {
  addChild,
  assertWithinSize,
  BodyParseError,
  DEFAULT_PARSE_LIMITS,
  emptyRecord,
  type ParseLimits,
  type WireRecord,
  type WireValue,
} from './fields';

/*
 * A deliberately small XML reader for WeChat's bodies: elements, character data, CDATA, comments,
 * processing instructions and the five predefined entities plus numeric character references.
 * Anything that could expand or fetch content (DOCTYPE, ENTITY and every other `<!` declaration,
 * or a reference to any other entity) is refused the moment the reader reaches it, before anything
 * is resolved; the same text inside CDATA is just data. It never recurses, so neither size nor depth
 * of the input can blow the stack.
 */

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface Frame {
  name: string;
  children: WireRecord | undefined;
  text: string;
  cdataText: string;
  hasCdata: boolean;
  /** Whether any text outside CDATA is more than whitespace (otherwise that whitespace is layout). */
  hasPlainText: boolean;
}

export interface XmlDocument {
  rootName: string;
  root: WireValue;
}

/** Parses a whole XML document into a wire value; throws `BodyParseError`. */
export function parseXml(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): XmlDocument {
  assertWithinSize(text, limits.maxBytes);

  const stack: Frame[] = [];
  let document: XmlDocument | undefined;
  let i = 0;
  const length = text.length;

  while (i < length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > i) {
      const raw = text.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) {
        const decoded = decodeCharacterData(raw);
        top.text += decoded;
        if (!top.hasPlainText && decoded.trim() !== '') top.hasPlainText = true;
      } else if (raw.trim() !== '') {
        throw malformed('text outside the root element');
      }
    }
    if (lt === -1) break;
    i = lt;

    if (text.startsWith('<?', i)) {
      i = after(text, '?>', i + 2, 'unterminated processing instruction');
    } else if (text.startsWith('<!--', i)) {
      i = after(text, '-->', i + 4, 'unterminated comment');
    } else if (text.startsWith('<![CDATA[', i)) {
      const top = stack[stack.length - 1];
      if (!top) throw malformed('CDATA outside the root element');
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) throw malformed('unterminated CDATA section');
      const section = text.slice(i + 9, end);
      top.text += section;
      top.cdataText += section;
      top.hasCdata = true;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      // Any other markup declaration (DOCTYPE, ENTITY, ELEMENT, …): refused, never interpreted.
      throw new BodyParseError('unsafe', 'XML declarations (DOCTYPE, ENTITY, …) are not accepted');
    } else if (text.startsWith('</', i)) {
      const name = readName(text, i + 2);
      const close = text.indexOf('>', i + 2 + name.length);
      if (close === -1 || text.slice(i + 2 + name.length, close).trim() !== '') throw malformed('bad end tag');
      const frame = stack.pop();
      if (!frame || frame.name !== name) throw malformed(`unexpected </${name}>`);
      i = close + 1;
      const value = frameValue(frame);
      const parent = stack[stack.length - 1];
      if (parent) addChild((parent.children ??= emptyRecord()), name, value);
      else document = { rootName: name, root: value };
    } else {
      if (document) throw malformed('more than one root element');
      const name = readName(text, i + 1);
      const close = endOfStartTag(text, i + 1 + name.length);
      const selfClosing = text[close - 1] === '/';
      i = close + 1;
      if (selfClosing) {
        const parent = stack[stack.length - 1];
        if (parent) addChild((parent.children ??= emptyRecord()), name, '');
        else document = { rootName: name, root: '' };
        continue;
      }
      if (stack.length >= limits.maxDepth) {
        throw new BodyParseError('too_deep', `elements nest deeper than ${limits.maxDepth} levels`);
      }
      stack.push({ name, children: undefined, text: '', cdataText: '', hasCdata: false, hasPlainText: false });
    }
  }
  if (stack.length > 0) throw malformed(`<${stack[stack.length - 1].name}> is not closed`);
  if (!document) throw malformed('no root element');
  return document;
}

/** Parses a WeChat body (`<xml>…</xml>`) into its top-level fields. */
export function parseXmlFields(text: string, limits?: ParseLimits): WireRecord {
  const { root } = parseXml(text, limits);
  if (typeof root === 'string' || Array.isArray(root)) return emptyRecord();
  return root;
}

function frameValue(frame: Frame): WireValue {
  const value = frame.hasCdata && !frame.hasPlainText ? frame.cdataText : frame.text;
  if (!frame.children) return value;
  if (frame.hasCdata || frame.hasPlainText) addChild(frame.children, '#text', value);
  return frame.children;
}

function readName(text: string, at: number): string {
  NAME.lastIndex = at;
  const match = NAME.exec(text);
  if (!match) throw malformed('bad element name');
  return match[0];
}

/** Index of the `>` that ends a start tag, skipping quoted attribute values. */
function endOfStartTag(text: string, from: number): number {
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '<') {
      throw malformed('"<" inside a start tag');
    } else if (c === '>') {
      return j;
    }
  }
  throw malformed('unterminated start tag');
}

function after(text: string, terminator: string, from: number, problem: string): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) throw malformed(problem);
  return end + terminator.length;
}

function decodeCharacterData(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw malformed('bare "&" in character data');
    if (name in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[name];
    const codePoint = /^#x[0-9A-Fa-f]{1,6}$/.test(name)
      ? parseInt(name.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(name)
        ? parseInt(name.slice(1), 10)
        : NaN;
    if (!isAllowedCodePoint(codePoint)) throw malformed(`unknown or invalid reference "&${name};"`);
    return String.fromCodePoint(codePoint);
  });
}

function isAllowedCodePoint(cp: number): boolean {
  if (!Number.isInteger(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  return cp === 0x9 || cp === 0xa || cp === 0xd || cp >= 0x20;
}

function malformed(problem: string): BodyParseError {
  return new BodyParseError('malformed', `malformed XML: ${problem}`);
}

/** Wraps text in CDATA; `]]>` inside is split across two sections so it survives. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** A value to write: strings become CDATA, numbers and bigints bare, records nested elements. */
export type OutValue = string | number | bigint | OutRecord | OutValue[];
export interface OutRecord {
  [name: string]: OutValue | undefined;
}

/** Writes `<root>…</root>` with one element per field, in insertion order; undefined fields are left out. */
export function writeXml(fields: OutRecord, rootName = 'xml'): string {
  return `<${rootName}>${writeChildren(fields)}</${rootName}>`;
}

function writeChildren(fields: OutRecord): string {
  let out = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) out += `<${name}>${writeValue(item)}</${name}>`;
  }
  return out;
}

function writeValue(value: OutValue): string {
  if (typeof value === 'string') return cdata(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(writeValue).join('');
  return writeChildren(value);
}
