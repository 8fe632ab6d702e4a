/**
 * True when raw JSON text spells a non-ASCII character as `\uXXXX` (WeChat answers 40033).
 * An escaped backslash followed by `u` (`\\u00e9`) is literal text, not an escape.
 */
export function hasNonAsciiUnicodeEscape(rawJson: string): boolean {
  const escape = /\\(u([0-9a-fA-F]{4})|[\s\S])/g;
  for (let match = escape.exec(rawJson); match; match = escape.exec(rawJson)) {
    if (match[2] !== undefined && parseInt(match[2], 16) >= 0x80) return true;
  }
  return false;
}
