import { OUTBOUND_JOBS, QUEUES, type MessageAuthor, type MessageSender, type OutboundContent } from '@kefu/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';
import { DELIVER_JOB_OPTIONS } from './deliver-job-options';
import { DeliverJob, DeliveryReport, Recipient, recipientKey } from './outbound-content';

/** One message to write to the outbox. */
export interface OutboxEntry {
  tenantId: string;
  channelId: string;
  openid: string;
  recipient: MessageSender;
  author: MessageAuthor;
  content: OutboundContent;
  customerId?: string | null;
  agentId?: string | null;
  sessionId?: string | null;
  reportTo?: DeliveryReport | null;
}

/**
 * The outbox (D1): messages are written inside the transaction that decided them, in the order
 * they must arrive, and a `deliver` job per recipient is queued after the commit. Should Redis lose
 * the job, the sweeper finds the pending rows and queues it again.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(@InjectQueue(QUEUES.outbound) private readonly queue: Queue<DeliverJob>) {}

  /** Writes the entries (ids rise in the order given) and returns their distinct recipients. */
  async write(manager: EntityManager, entries: OutboxEntry[]): Promise<Recipient[]> {
    if (entries.length === 0) return [];
    // Ids are drawn at insert, rows become visible at commit: two transactions writing to one
    // recipient at once could commit out of id order, and delivery would send the later one first.
    // Writers to one recipient take turns until their commit, so its ids rise in commit order. The
    // turns are taken in the WHERE's uncorrelated subquery, which Postgres runs once, before the
    // first row (and its id) is made.
    const keys = [...new Set(entries.map((entry) => `outbox:${recipientKey(entry)}`))].sort();
    const column = (value: (entry: OutboxEntry) => string | null | undefined) => entries.map((entry) => value(entry) ?? null);
    await preparedQuery(
      manager,
      `WITH turns AS (SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS key)
       INSERT INTO outbound_messages
         (tenant_id, channel_id, openid, recipient, author, content, customer_id, agent_id, session_id, report_to)
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::uuid[], $9::uuid[], $10::uuid[], $11::jsonb[])
       WHERE (SELECT count(*) FROM turns) > 0`,
      [
        keys,
        column((entry) => entry.tenantId),
        column((entry) => entry.channelId),
        column((entry) => entry.openid),
        column((entry) => entry.recipient),
        column((entry) => entry.author),
        column((entry) => JSON.stringify(entry.content)),
        column((entry) => entry.customerId),
        column((entry) => entry.agentId),
        column((entry) => entry.sessionId),
        column((entry) => (entry.reportTo ? JSON.stringify(entry.reportTo) : null)),
      ],
    );
    return distinctRecipients(entries);
  }

  /**
   * Queues delivery for each recipient. Call after the commit. A failure here loses nothing (the
   * rows are in Postgres and the sweeper will queue them), so it is logged, not thrown.
   */
  async enqueue(recipients: Recipient[]): Promise<void> {
    if (recipients.length === 0) return;
    try {
      await this.queue.addBulk(
        recipients.map((recipient) => ({
          name: OUTBOUND_JOBS.deliver,
          data: recipient,
          opts: DELIVER_JOB_OPTIONS,
        })),
      );
    } catch (error) {
      this.logger.warn(`Could not queue delivery for ${recipients.length} recipient(s); the sweeper will: ${String(error)}`);
    }
  }
}

export function distinctRecipients(entries: Recipient[]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const entry of entries) {
    const key = recipientKey(entry);
    if (!seen.has(key)) seen.set(key, { tenantId: entry.tenantId, channelId: entry.channelId, openid: entry.openid });
  }
  return [...seen.values()];
}
