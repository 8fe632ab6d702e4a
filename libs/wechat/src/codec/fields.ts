/**
 * The format-neutral shape of a decoded push body: every scalar is a string (exactly as sent, so 64-bit
 * ids keep their digits), nested elements are records, repeated elements are arrays.
 * Records have no prototype, so no element or key name can reach `Object.prototype`.
 */
export type WireValue = string | WireRecord | WireValue[];
export interface WireRecord {
  [name: string]: WireValue;
}

/** Limits applied to every push body before and while it is parsed. */
export interface ParseLimits {
  /** Largest accepted body, in UTF-8 bytes. */
  maxBytes: number;
  /** Deepest accepted nesting of elements / objects (WeChat's own bodies nest at most 4 levels). */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxBytes: 64 * 1024, maxDepth: 32 };

/** Names that would reach a prototype when copied carelessly; they are dropped while parsing. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenName(name: string): boolean {
  // The length test keeps the common case from hashing every (freshly sliced) name.
  return (name.length === 9 || name.length === 11) && FORBIDDEN_NAMES.has(name);
}

export function emptyRecord(): WireRecord {
  return Object.create(null) as WireRecord;
}

/** Adds a child, turning a repeated name into an array of values. */
export function addChild(record: WireRecord, name: string, value: WireValue): void {
  if (isForbiddenName(name)) return;
  if (!Object.prototype.hasOwnProperty.call(record, name)) {
    record[name] = value;
    return;
  }
  const existing = record[name];
  if (Array.isArray(existing)) existing.push(value);
  else record[name] = [existing, value];
}

/** A string field of a record, or undefined when absent or not a scalar. */
export function stringField(record: WireRecord, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(record, name)) return undefined;
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

/** Why a body could not be parsed. `unsafe` covers DTDs and entity declarations. */
export type BodyRejection = 'too_large' | 'too_deep' | 'unsafe' | 'malformed';

export class BodyParseError extends Error {
  constructor(
    readonly rejection: BodyRejection,
    message: string,
  ) {
    super(message);
    this.name = 'BodyParseError';
  }
}

/** Checks the byte size cheaply first (a UTF-16 unit is at most 3 UTF-8 bytes). */
export function assertWithinSize(text: string, maxBytes: number): void {
  if (text.length * 3 <= maxBytes) return;
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new BodyParseError('too_large', `body is larger than ${maxBytes} bytes`);
  }
}
