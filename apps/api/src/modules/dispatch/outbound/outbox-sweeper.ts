import { OUTBOUND_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { DELIVER_JOB_OPTIONS } from './deliver-job-options';
import { DeliverJob, recipientKey } from './outbound-content';

/** A pending row older than this has most likely lost its job (Redis lost it, or the enqueue failed). */
export const PENDING_TOO_LONG_MS = 10_000;
/** A row `sending` for this long belongs to a worker that died (a live one holds it for one HTTP call). */
export const SENDING_TOO_LONG_MS = 60_000;
const MAX_RECIPIENTS = 1000;

/**
 * The sweeper's outbox part: queues delivery again for recipients whose rows wait with no job
 * to carry them. A recipient gets at most one such job at a time (a fixed job id), so a long queue
 * does not grow with every sweep.
 */
@Injectable()
export class OutboxSweeper {
  private readonly logger = new Logger(OutboxSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.outbound) private readonly queue: Queue<DeliverJob>,
  ) {}

  /** Queues the recipients with stale rows; returns how many. */
  async requeueStale(now: Date = new Date()): Promise<number> {
    const rows: { tenant_id: string; channel_id: string; openid: string }[] = await this.dataSource.query(
      `SELECT tenant_id, channel_id, openid FROM outbound_messages WHERE state = 'pending' AND updated_at < $1
       UNION
       SELECT tenant_id, channel_id, openid FROM outbound_messages WHERE state = 'sending' AND updated_at < $2
       LIMIT ${MAX_RECIPIENTS}`,
      [new Date(now.getTime() - PENDING_TOO_LONG_MS), new Date(now.getTime() - SENDING_TOO_LONG_MS)],
    );
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map((row) => {
        const data: DeliverJob = { tenantId: row.tenant_id, channelId: row.channel_id, openid: row.openid };
        return {
          name: OUTBOUND_JOBS.deliver,
          data,
          opts: { ...DELIVER_JOB_OPTIONS, jobId: `sweep:${recipientKey(data)}`, removeOnFail: true },
        };
      }),
    );
    this.logger.log(`Queued delivery again for ${rows.length} recipient(s) with messages waiting too long`);
    return rows.length;
  }
}
