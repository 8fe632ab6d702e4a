const TEXT_LIMIT_BYTES = 2048;

/**
 * Lines bundled into as few texts as fit WeChat's 2048-byte limit (C5), the header on the first.
 * A single line longer than the limit gets a text of its own (the sender cuts it there).
 */
export function bundleLines(header: string, lines: string[], limitBytes = TEXT_LIMIT_BYTES): string[] {
  const texts: string[] = [];
  let current = header;
  for (const line of lines) {
    const candidate = current ? `${current}\n${line}` : line;
    if (Buffer.byteLength(candidate) <= limitBytes || !current) {
      current = candidate;
    } else {
      texts.push(current);
      current = line;
    }
  }
  if (current) texts.push(current);
  return texts;
}
