import { DISPATCH_JOBS, QUEUES } from '@kefu/contracts';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { BroadcastJob, ConversationEngine } from '../engine/conversation-engine';
import { OutboxSweeper } from '../outbound/outbox-sweeper';

const SWEEP_EVERY_MS = 5_000;
/** The schedule lives in Redis; a Redis that restarted empty has forgotten it, so it is set again now and then. */
const RESCHEDULE_EVERY_MS = 60_000;

@Processor(QUEUES.dispatch)
export class DispatchProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatchProcessor.name);
  private timer?: NodeJS.Timeout;
  private readonly onReady = () => void this.schedule();

  constructor(
    private readonly engine: ConversationEngine,
    private readonly sweeper: OutboxSweeper,
    @InjectQueue(QUEUES.dispatch) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    this.queue.client.on('ready', this.onReady);
    this.timer = setInterval(this.onReady, RESCHEDULE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.queue.client.off('ready', this.onReady);
  }

  /** A repeatable job with a fixed id is scheduled once, however many workers start. */
  private async schedule(): Promise<void> {
    try {
      await this.queue.add(DISPATCH_JOBS.sweep, {}, {
        repeat: { every: SWEEP_EVERY_MS },
        jobId: DISPATCH_JOBS.sweep,
        removeOnComplete: true,
        removeOnFail: 50,
      });
    } catch (error) {
      this.logger.warn(`Could not schedule the sweeper: ${String(error)}`);
    }
  }

  /** Outbox rows whose job was lost are queued again; idle and expired sessions close (E1, E2). */
  @Process(DISPATCH_JOBS.sweep)
  async sweep(): Promise<{ requeued: number; idleClosed: number; expired: number }> {
    const now = new Date();
    const requeued = await this.sweeper.requeueStale(now);
    const sessions = await this.engine.sweepSessions(now);
    return { requeued, ...sessions };
  }

  /** @所有人 (C7). */
  @Process(DISPATCH_JOBS.broadcast)
  broadcast(job: Job<BroadcastJob>): Promise<{ sent: number; skipped: number }> {
    return this.engine.runBroadcast(job.data);
  }
}
