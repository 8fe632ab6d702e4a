/** An agent's chat command (C1–C10). Anything else an agent writes is a reply to the current customer (C11). */
export type AgentCommand =
  | { kind: 'next' }
  | { kind: 'queue' }
  | { kind: 'clear' }
  | { kind: 'offline_messages' }
  | { kind: 'direct'; customerNumber: number; message: CommandMessage }
  | { kind: 'broadcast'; message: CommandMessage }
  | { kind: 'hide' }
  | { kind: 'work' }
  | { kind: 'off' }
  | { kind: 'rebuild_cache' }
  | { kind: 'help' };

/** What `@…` sends: a text, or a knowledge item by number or keyword (`3#`, `联系方式#`). */
export type CommandMessage = { kind: 'text'; text: string } | { kind: 'item'; ref: string };

/** Whole-text commands with their shortcuts (C1, C3, C4, C5, C8, C9, C10). */
const WORDS: Record<string, AgentCommand> = {
  下一个: { kind: 'next' },
  p: { kind: 'next' },
  排队: { kind: 'queue' },
  m: { kind: 'queue' },
  清零: { kind: 'clear' },
  '0': { kind: 'clear' },
  看留言: { kind: 'offline_messages' },
  隐身: { kind: 'hide' },
  上班: { kind: 'work' },
  下班: { kind: 'off' },
  生成缓存: { kind: 'rebuild_cache' },
  帮助: { kind: 'help' },
  '?': { kind: 'help' },
};

const EVERYONE = '所有人';

/**
 * Reads an agent's text as a command, or null when it is a reply. The whole trimmed text must be
 * the command; full-width forms count as their ASCII twins (`ｐ`, `？`, `＠１２：你好`), and the
 * letter shortcuts ignore case.
 */
export function parseCommand(input: string): AgentCommand | null {
  const text = input.trim();
  const word = WORDS[text.normalize('NFKC').toLowerCase()];
  if (word) return word;

  // The text after the target is sent as written: only the command's own marks are folded.
  const target = /^[@＠]([0-9０-９]+|所有人)\s*(?:[:：]\s*|\s+)([\s\S]*)$/u.exec(text);
  if (!target) return null;
  const [, who, rest] = target;
  const message = commandMessage(rest);
  if (!message) return null;
  if (who === EVERYONE) return { kind: 'broadcast', message };
  const customerNumber = Number(who.normalize('NFKC'));
  if (!Number.isSafeInteger(customerNumber) || customerNumber < 1) return null;
  return { kind: 'direct', customerNumber, message };
}

function commandMessage(rest: string): CommandMessage | null {
  const text = rest.trim();
  if (!text) return null;
  const item = /^([^\s#＃]+)[#＃]$/u.exec(text);
  return item ? { kind: 'item', ref: item[1].normalize('NFKC') } : { kind: 'text', text };
}
