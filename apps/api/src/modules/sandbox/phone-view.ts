import type { SandboxBubble, SandboxMessage } from '@kefu/contracts';

/** A send the simulator accepted from the relay (its custom/send body). */
export interface Delivered {
  msgtype: string;
  message: Record<string, unknown>;
  at: number;
}

/** What the person typed on the phone, kept by the sandbox. */
export interface Typed {
  content: SandboxBubble;
  at: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A custom/send body as the phone shows it. */
export function bubbleOf(delivered: Delivered): SandboxBubble {
  const body = (delivered.message[delivered.msgtype] ?? {}) as Record<string, unknown>;
  switch (delivered.msgtype) {
    case 'text':
      return { type: 'text', text: text(body.content) };
    case 'image':
      return { type: 'image', mediaId: text(body.media_id) };
    case 'link':
      return {
        type: 'link',
        title: text(body.title),
        description: text(body.description),
        url: text(body.url),
        pictureUrl: text(body.thumb_url) || null,
      };
    case 'miniprogrampage':
      return { type: 'miniprogram', title: text(body.title), pagePath: text(body.pagepath), thumbMediaId: text(body.thumb_media_id) || null };
    default:
      return { type: 'other', msgtype: delivered.msgtype };
  }
}

/**
 * One phone's conversation in order: what the person typed and what the relay delivered. A reply
 * can share the millisecond of what caused it, so at equal times the typed message comes first.
 */
export function conversation(typed: Typed[], delivered: Delivered[]): SandboxMessage[] {
  const all = [
    ...typed.map((entry, index) => ({ id: `s${index}`, direction: 'sent' as const, at: entry.at, order: 0, content: entry.content })),
    ...delivered.map((entry, index) => ({ id: `r${index}`, direction: 'received' as const, at: entry.at, order: 1, content: bubbleOf(entry) })),
  ];
  all.sort((a, b) => a.at - b.at || a.order - b.order);
  return all.map(({ id, direction, at, content }) => ({ id, direction, at: new Date(at).toISOString(), content }));
}
