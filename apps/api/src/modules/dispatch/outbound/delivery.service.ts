import { OUTBOUND_JOBS, QUEUES } from '@kefu/contracts';
import { CustomMessage, textMessage, WechatApiClient, WechatApiError, type WechatErrorKind } from '@kefu/wechat';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../config';
import { preparedQuery } from '../../../database/prepared-query';
import { MetricsService } from '../../../metrics/metrics.service';
import { REDIS, redisKey } from '../../../redis/redis.module';
import { KnowledgeRenderError, KnowledgeService } from '../../knowledge/knowledge.service';
import type { ChannelCredentials } from '../../tenants/channels.service';
import { WechatClientsService } from '../../tenants/wechat-clients.service';
import { OutboundMessage } from '../entities/outbound-message.entity';
import { deliveryTexts, DeliveryTexts, UndeliveredReason } from '../replies/delivery-texts';
import { DELIVER_JOB_OPTIONS, DeliveryRetryError } from './deliver-job-options';
import { DeliveryChannelsService } from './delivery-channels.service';
import { DeliveryStep, nextStep, SendUnit, WaitingRow } from './delivery-plan';
import { buildMessage, mediaIdsOf } from './outbound-message-builder';
import { DeliverJob, Recipient, recipientKey } from './outbound-content';
import { OutboxEntry, OutboxService } from './outbox.service';
import { RecipientLock } from './recipient-lock';
import { ReplyLanguageService } from './reply-language.service';
import { SendWindowsService, windowState, type WindowState } from './send-windows.service';

/** What one `deliver` call did, counted in outbox rows. */
export interface DeliveryOutcome {
  sent: number;
  held: number;
  failed: number;
  unconfirmed: number;
  /** Set when nothing was tried: another run holds the recipient, or it backs off after a transient error. */
  skipped?: 'busy' | 'paused';
  /** The run stopped to let the agent finish a reply for the customer's last send (I2); a job comes back then. */
  waitsUntil?: Date;
}

type FinalState = 'sent' | 'held' | 'failed' | 'unconfirmed';

interface Ending {
  state: FinalState;
  reason?: UndeliveredReason | 'retry';
  detail?: string | null;
  /** Sends this ending costs the recipient's window. */
  windowUses?: number;
  lastSlot?: boolean;
}

interface Run {
  runner: QueryRunner;
  recipient: Recipient;
  channel: ChannelCredentials;
  client: WechatApiClient;
  texts: DeliveryTexts;
  outcome: DeliveryOutcome;
  /** Whether the recipient is a customer or an agent, once a row said so (for the metrics). */
  kind?: WaitingRow['recipient'];
  /** Held rows sent in this run, per agent to tell: one report for all of them when the run ends. */
  later: Map<string, { row: WaitingRow; count: number }>;
}

/** A row in state sending, pending or held. */
type OpenRow = WaitingRow & Pick<OutboundMessage, 'updatedAt'>;

/** The recipient's open rows (in id order, any left `sending` first) and its window, as a read found them and the run's steps left them. */
interface Waiting {
  rows: OpenRow[];
  window: WindowState;
  /**
   * The read found every open row, not just the first BATCH. Then the rows tell what comes next
   * without reading again: rows written since come after them (ids rise in commit order per
   * recipient), and the check after the lock's release finds those.
   */
  complete: boolean;
}

/** Rows looked at per step; a recipient rarely has more waiting. */
const BATCH = 200;
/** Runs one call may chain when rows keep arriving while it holds the lock. */
const MAX_ROUNDS = 10;

/**
 * The outbound delivery (D1, D2): sends one recipient's outbox rows in id order under the
 * recipient's lock, inside the window model, and records how each ended. A row is marked `sending`
 * (committed) before WeChat is called and `sent` after; a row a run finds still `sending` was cut off
 * by a worker that died mid-call, so it becomes `unconfirmed` and is never sent again.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly windows: SendWindowsService,
    private readonly channels: DeliveryChannelsService,
    private readonly clients: WechatClientsService,
    private readonly knowledge: KnowledgeService,
    private readonly languages: ReplyLanguageService,
    private readonly metrics: MetricsService,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectQueue(QUEUES.outbound) private readonly queue: Queue<DeliverJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sends what can be sent to the recipient now. Throws DeliveryRetryError after a transient
   * WeChat error (the row waits, and so do the rows after it) so that the queue tries again later.
   */
  async deliver(recipient: Recipient): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { sent: 0, held: 0, failed: 0, unconfirmed: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (await this.isPaused(recipient)) return { ...outcome, skipped: 'paused' };
      const lock = await RecipientLock.tryAcquire(this.dataSource, recipient);
      if (!lock) return round === 0 ? { ...outcome, skipped: 'busy' } : outcome;
      try {
        await this.run(lock.runner, recipient, outcome);
      } finally {
        await lock.release();
      }
      if (outcome.waitsUntil) return outcome;
      // A job that found the lock taken has given up, and the run did not read again after its last
      // row; rows committed meanwhile are visible here after the release, so this run goes round again.
      if (!(await this.hasWork(recipient))) return outcome;
    }
    // Rows keep coming: hand the recipient to a fresh job rather than hold this worker slot.
    await this.outbox.enqueue([recipient]);
    return outcome;
  }

  private async run(runner: QueryRunner, recipient: Recipient, outcome: DeliveryOutcome): Promise<void> {
    const channel = await this.channels.credentials(recipient.channelId);
    if (!channel) return;
    const run: Run = {
      runner,
      recipient,
      channel,
      client: this.clients.forCredentials(channel),
      texts: deliveryTexts(await this.languages.get(recipient.tenantId)),
      outcome,
      later: new Map(),
    };
    try {
      await this.sendAll(run);
    } finally {
      await this.reportLater(run);
    }
  }

  private async sendAll(run: Run): Promise<void> {
    let waiting = await this.readWaiting(run);
    for (;;) {
      const interrupted = waiting.rows.filter((row) => row.state === 'sending');
      if (interrupted.length > 0) {
        await this.recoverInterrupted(run, interrupted);
        waiting = await this.readWaiting(run);
        continue;
      }
      const step = nextStep(waiting.rows, waiting.window, Date.now(), run.texts);
      if (step.kind === 'idle') return;
      if (step.kind === 'wait') return this.comeBack(run, step.until);
      waiting = (await this.take(run, step, waiting)) ?? (await this.readWaiting(run));
    }
  }

  /** Takes one step; what is left to do when the rows already read tell it, or null to read again. */
  private async take(run: Run, step: Exclude<DeliveryStep, { kind: 'idle' | 'wait' }>, waiting: Waiting): Promise<Waiting | null> {
    switch (step.kind) {
      case 'send': {
        const window = await this.send(run, step.unit);
        return window ? afterSend(waiting, step.unit, window) : null;
      }
      case 'hold':
        await this.end(run, step.rows, { state: 'held', reason: step.reason });
        return afterHold(waiting, step.rows);
      case 'expire':
        await this.end(run, step.rows, { state: 'failed', reason: 'expired' });
        return null;
    }
  }

  /**
   * The recipient's open rows with its window, in one statement. Rows a dead worker left `sending`
   * come first, so that the limit never hides them (the others follow in id order). Without rows the
   * window does not matter, and a closed one stands for it.
   */
  private async readWaiting(run: Run): Promise<Waiting> {
    const found = await preparedQuery<OpenRow & { remaining: number | null; expiresAt: Date | null }>(
      run.runner.manager,
      `SELECT m.id, m.tenant_id AS "tenantId", m.recipient, m.author, m.content, m.state,
              m.report_to AS "reportTo", m.customer_id AS "customerId", m.session_id AS "sessionId",
              m.created_at AS "createdAt", m.updated_at AS "updatedAt",
              w.remaining, w.expires_at AS "expiresAt"
       FROM outbound_messages m
       LEFT JOIN send_windows w ON w.channel_id = m.channel_id AND w.openid = m.openid
       WHERE m.channel_id = $1 AND m.openid = $2 AND m.state IN ('pending', 'sending', 'held')
       ORDER BY m.state = 'sending' DESC, m.id
       LIMIT $3`,
      [run.recipient.channelId, run.recipient.openid, BATCH],
    );
    run.kind ??= found[0]?.recipient;
    const [first] = found;
    const window = windowState(first?.expiresAt ? { remaining: first.remaining ?? 0, expiresAt: first.expiresAt } : null);
    return { rows: found, window, complete: found.length < BATCH };
  }

  /** Rows a dead worker left `sending`: WeChat may have accepted them, so they are not sent again. */
  private async recoverInterrupted(run: Run, rows: OpenRow[]): Promise<void> {
    // Rows of one send were marked together, so they share their update time.
    const sends = new Set(rows.map((row) => row.updatedAt.getTime())).size;
    this.logger.warn(`${rows.length} message(s) to ${run.recipient.openid} were being sent when a worker stopped; marked unconfirmed`);
    await this.end(run, rows, { state: 'unconfirmed', reason: 'unconfirmed', windowUses: sends });
  }

  /** Sends one unit; the window it left when WeChat accepted it. */
  private async send(run: Run, unit: SendUnit): Promise<WindowState | undefined> {
    let message = await this.messageOrFail(run, unit);
    if (!message) return;
    const ids = unit.rows.map((row) => row.id);
    if (ids.length > 0) {
      // One statement commits by itself: the rows are `sending` before WeChat hears of them.
      await run.runner.query(
        `UPDATE outbound_messages SET state = 'sending', attempts = attempts + 1, updated_at = now()
         WHERE id = ANY($1::bigint[])`,
        [ids],
      );
    }
    let rendered = false;
    for (;;) {
      try {
        await run.client.sendCustomMessage(message);
      } catch (error) {
        const kind: WechatErrorKind = error instanceof WechatApiError ? error.kind : 'retry';
        if (kind === 'invalid_media' && !rendered && isItem(unit)) {
          // F3: the media id expired or was dropped by WeChat; upload afresh and try once more.
          rendered = true;
          try {
            for (const mediaId of mediaIdsOf(message)) {
              await this.knowledge.forgetMediaId(run.recipient.tenantId, run.recipient.channelId, mediaId);
            }
            message = await this.messageOrFail(run, unit);
          } catch (failure) {
            // WeChat refused the first try, so the rows are known unsent: they wait rather than turn unconfirmed.
            if (failure instanceof DeliveryRetryError) throw failure;
            return this.retryLater(run, unit, failure);
          }
          if (!message) return;
          continue;
        }
        await this.refused(run, unit, kind, error);
        return;
      }
      return this.end(run, unit.rows, { state: 'sent', windowUses: 1, lastSlot: unit.lastSlot });
    }
  }

  /** The message for a unit, or null when the row cannot be rendered for this recipient (then it failed). */
  private async messageOrFail(run: Run, unit: SendUnit): Promise<CustomMessage | null> {
    const { openid, tenantId, channelId } = run.recipient;
    if (unit.text !== undefined) return textMessage(openid, unit.text);
    const content = unit.rows[0].content;
    if (content.type !== 'item') {
      const message = buildMessage(openid, content);
      if (!message) await this.end(run, unit.rows, { state: 'failed', reason: 'render', detail: `cannot send ${content.type} content` });
      return message;
    }
    try {
      return await this.knowledge.renderForChannel(
        tenantId,
        content.itemId,
        { openid, channelKind: run.channel.kind, customer: content.customer },
        channelId,
      );
    } catch (error) {
      if (error instanceof KnowledgeRenderError) {
        await this.end(run, unit.rows, { state: 'failed', reason: 'render', detail: error.message });
        return null;
      }
      // Uploading the item's picture failed: the same error classes as a send, before anything was sent.
      if (!(error instanceof WechatApiError)) throw error;
      if (error.kind === 'retry' || error.kind === 'token' || error.kind === 'invalid_media') {
        return this.retryLater(run, unit, error);
      }
      await this.refused(run, unit, error.kind, error);
      return null;
    }
  }

  private async refused(run: Run, unit: SendUnit, kind: WechatErrorKind, error: unknown): Promise<void> {
    const detail = error instanceof WechatApiError ? error.errmsg : String(error);
    const code = error instanceof WechatApiError && error.errcode !== null ? ` ${error.errcode}` : '';
    switch (kind) {
      case 'retry':
      case 'token':
        return this.retryLater(run, unit, error);
      case 'window_closed':
      case 'quota_used': {
        // WeChat has the last word on windows: the window is closed, this row and every row behind it wait.
        await this.windows.close(run.runner.manager, run.recipient.channelId, run.recipient.openid);
        const behind = await run.runner.manager.find(OutboundMessage, {
          where: { channelId: run.recipient.channelId, openid: run.recipient.openid, state: 'pending' },
          order: { id: 'ASC' },
        });
        await this.end(run, [...unit.rows, ...behind.filter((row) => !unit.rows.some((own) => own.id === row.id))], {
          state: 'held',
          reason: kind,
          detail,
        });
        return;
      }
      case 'invalid_media':
      case 'permanent':
      case 'setup':
      case 'daily_limit':
        this.logger.warn(`WeChat refused a message to ${run.recipient.openid}${code}: ${detail}`);
        await this.end(run, unit.rows, { state: 'failed', reason: kind, detail });
    }
  }

  /** The unit's rows wait (and every row behind them); the run stops and the queue tries again after a pause. */
  private async retryLater(run: Run, unit: SendUnit, error: unknown): Promise<never> {
    const detail = error instanceof WechatApiError ? error.errmsg : String(error);
    const code = error instanceof WechatApiError && error.errcode !== null ? ` ${error.errcode}` : '';
    const waitMs = error instanceof WechatApiError ? error.minBackoffMs : 1000;
    await run.runner.query(
      `UPDATE outbound_messages SET state = 'pending', reason = 'retry', reason_detail = $2, updated_at = now()
       WHERE id = ANY($1::bigint[])`,
      [unit.rows.map((row) => row.id), detail],
    );
    this.count(run, 'retry', Math.max(unit.rows.length, 1));
    await this.pause(run.recipient, waitMs);
    throw new DeliveryRetryError(`WeChat${code}: ${detail}; ${run.recipient.openid} waits and is tried again`, waitMs);
  }

  /**
   * Records how rows ended, what the send cost the window and the reports their agents get (C6,
   * C11), in one commit; the reports are queued after it. Returns the window the ending left when it
   * used any.
   */
  private async end(run: Run, rows: WaitingRow[], ending: Ending): Promise<WindowState | undefined> {
    const reports = this.reports(run, rows, ending);
    const record = (manager: EntityManager) => this.recordEnding(manager, run.recipient, rows, ending);
    // Alone the ending is one statement; reports are written in its transaction.
    const { window, queued } =
      reports.length === 0
        ? { window: await record(run.runner.manager), queued: [] }
        : await this.transaction(run.runner, async (manager) => {
            const left = await record(manager);
            return { window: left, queued: await this.outbox.write(manager, reports) };
          });
    await this.outbox.enqueue(queued);
    const result = ending.state === 'failed' && ending.reason === 'expired' ? 'expired' : ending.state;
    this.count(run, result, rows.length);
    if (ending.state === 'sent') run.outcome.sent += rows.length;
    else run.outcome[ending.state] += rows.length;
    return window;
  }

  /** The rows' final state and the sends taken from the window, in one statement. */
  private async recordEnding(
    manager: EntityManager,
    recipient: Recipient,
    rows: WaitingRow[],
    ending: Ending,
  ): Promise<WindowState | undefined> {
    const uses = ending.windowUses ?? 0;
    // Not prepared: Postgres plans `id = ANY($1)` afresh each time anyway.
    const [window]: { remaining: number; expiresAt: Date }[] = await manager.query(
      `WITH ended AS (
         UPDATE outbound_messages
         SET state = $2::varchar, reason = $3, reason_detail = $4, updated_at = now(),
             sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END
         WHERE id = ANY($1::bigint[])
       ), used AS (
         UPDATE send_windows SET remaining = GREATEST(remaining - $5::int, 0), updated_at = now()
         WHERE channel_id = $6 AND openid = $7 AND $5::int > 0
         RETURNING remaining, expires_at
       )
       SELECT remaining, expires_at AS "expiresAt" FROM used`,
      [rows.map((row) => row.id), ending.state, ending.reason ?? null, ending.detail ?? null, uses, recipient.channelId, recipient.openid],
    );
    return uses > 0 ? windowState(window) : undefined;
  }

  /** One report per agent and outcome, however many of the agent's rows it covers. */
  private reports(run: Run, rows: WaitingRow[], ending: Ending): OutboxEntry[] {
    const groups = new Map<string, { row: WaitingRow; count: number }>();
    for (const row of rows) {
      const to = row.reportTo;
      if (!to) continue;
      const key = `${to.channelId}:${to.openid}:${to.label}`;
      const wasHeld = row.state === 'held';
      if (ending.state === 'sent' && wasHeld) {
        // The agent was told it did not arrive; now it did.
        const later = run.later.get(key) ?? { row, count: 0 };
        later.count++;
        run.later.set(key, later);
      }
      const tells =
        ending.state === 'sent' ? (to.always && !wasHeld) || ending.lastSlot === true : ending.state !== 'held' || !wasHeld;
      if (!tells) continue;
      const group = groups.get(key) ?? { row, count: 0 };
      group.count++;
      groups.set(key, group);
    }
    return [...groups.values()].map(({ row, count }) => {
      const to = row.reportTo!;
      const texts = run.texts;
      const lines: string[] = [];
      if (ending.state === 'sent') {
        if (to.always && row.state !== 'held') lines.push(texts.sent(to.label));
        if (ending.lastSlot) lines.push(texts.lastSlotUsed(to.label, count));
      } else {
        const reason = ending.reason === 'retry' || !ending.reason ? 'permanent' : ending.reason;
        lines.push(texts.notDelivered(to.label, reason, count, ending.detail));
      }
      return reportEntry(row, lines.join('\n'));
    });
  }

  private async reportLater(run: Run): Promise<void> {
    if (run.later.size === 0) return;
    const entries = [...run.later.values()].map(({ row, count }) => reportEntry(row, run.texts.sentLater(row.reportTo!.label, count)));
    run.later.clear();
    try {
      const queued = await this.transaction(run.runner, (manager) => this.outbox.write(manager, entries));
      await this.outbox.enqueue(queued);
    } catch (error) {
      this.logger.warn(`Could not tell agents that held messages to ${run.recipient.openid} went out: ${String(error)}`);
    }
  }

  private async hasWork(recipient: Recipient): Promise<boolean> {
    const [row] = await preparedQuery<{ work: boolean }>(
      this.dataSource.manager,
      `SELECT EXISTS (SELECT 1 FROM outbound_messages WHERE channel_id = $1 AND openid = $2 AND state = 'pending')
           OR (EXISTS (SELECT 1 FROM outbound_messages WHERE channel_id = $1 AND openid = $2 AND state = 'held')
               AND EXISTS (SELECT 1 FROM send_windows
                           WHERE channel_id = $1 AND openid = $2 AND remaining > 0 AND expires_at > now())) AS work`,
      [recipient.channelId, recipient.openid],
    );
    return row?.work === true;
  }

  private async comeBack(run: Run, until: number): Promise<void> {
    await this.queue.add(OUTBOUND_JOBS.deliver, run.recipient, {
      ...DELIVER_JOB_OPTIONS,
      delay: Math.max(until - Date.now(), 0),
      jobId: `later:${recipientKey(run.recipient)}:${until}`,
    });
    run.outcome.waitsUntil = new Date(until);
  }

  private pauseKey(recipient: Recipient): string {
    return `${redisKey(this.config, 'outbound', 'pause')}:${recipient.channelId}:${recipient.openid}`;
  }

  /** After a transient error the recipient rests; jobs arriving meanwhile leave it to the retry. */
  private async pause(recipient: Recipient, ms: number): Promise<void> {
    await this.redis.set(this.pauseKey(recipient), '1', 'PX', ms).catch(() => undefined);
  }

  private async isPaused(recipient: Recipient): Promise<boolean> {
    return (await this.redis.exists(this.pauseKey(recipient)).catch(() => 0)) === 1;
  }

  private count(run: Run, result: string, rows: number): void {
    this.metrics.outboundMessages.inc({ recipient: run.kind ?? 'unknown', result }, rows);
  }

  /** A short transaction on the run's own connection; tried again when Postgres picks it as a deadlock victim. */
  private async transaction<T>(runner: QueryRunner, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await runner.startTransaction();
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  }
}

/**
 * After a unit went out: the rows left, in the window the send left. Newer rows cannot change the
 * next step while more than one send is left; the last send merges or counts what waits (I2, D2) and a
 * closed window holds every pending row in one go, so then the rows are read again.
 */
function afterSend(waiting: Waiting, unit: SendUnit, window: WindowState): Waiting | null {
  if (!waiting.complete) return null;
  const sent = new Set(unit.rows.map((row) => row.id));
  const rows = waiting.rows.filter((row) => !sent.has(row.id));
  if (rows.length > 0 && window.remaining <= 1) return null;
  return { rows, window, complete: true };
}

/** After the closed window held every pending row: they wait as held rows now. */
function afterHold(waiting: Waiting, held: WaitingRow[]): Waiting | null {
  if (!waiting.complete) return null;
  const ids = new Set(held.map((row) => row.id));
  return { ...waiting, rows: waiting.rows.map((row) => (ids.has(row.id) ? { ...row, state: 'held' as const } : row)) };
}

function reportEntry(row: WaitingRow, text: string): OutboxEntry {
  const to = row.reportTo!;
  return {
    tenantId: row.tenantId,
    channelId: to.channelId,
    openid: to.openid,
    recipient: 'agent',
    author: 'system',
    content: { type: 'text', text },
    agentId: to.agentId,
    customerId: row.customerId,
    sessionId: row.sessionId,
  };
}

function isItem(unit: SendUnit): boolean {
  return unit.text === undefined && unit.rows.length === 1 && unit.rows[0].content.type === 'item';
}
