/** Nicknames match as agents' names are compared in the console: full-width forms folded, case ignored. */
export function foldNickname(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}
