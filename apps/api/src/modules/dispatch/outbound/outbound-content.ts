/** An agent to tell how a delivery ended: on success only with `always` (C6 ✓), on failure always (C6, C11). */
export interface DeliveryReport {
  channelId: string;
  openid: string;
  agentId: string;
  /** How the recipient is named in the report, e.g. `#12 张三`. */
  label: string;
  always: boolean;
}

/** Data of an outbound `deliver` job: the recipient whose pending messages to send, in order. */
export interface DeliverJob {
  tenantId: string;
  channelId: string;
  openid: string;
}

/** A recipient of outbound messages: one WeChat user of one channel. */
export type Recipient = DeliverJob;

export function recipientKey(recipient: Pick<Recipient, 'channelId' | 'openid'>): string {
  return `${recipient.channelId}:${recipient.openid}`;
}
