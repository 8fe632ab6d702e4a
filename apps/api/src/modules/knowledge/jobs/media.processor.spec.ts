import { MEDIA_JOBS, QUEUES } from '@kefu/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/test-app';
import { createWorkerApp } from '../../../bootstrap';

describe('media worker', () => {
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await createWorkerApp(testConfig({ ROLE: 'worker', WORKER_QUEUES: QUEUES.media }));
  });
  afterAll(() => worker.close());

  it('F3 schedules the media id renewal once and runs it', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.media));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable.map((job) => job.name)).toEqual([MEDIA_JOBS.renew]);
    const job = await queue.add(MEDIA_JOBS.renew, {});
    expect(await job.finished()).toEqual({ renewed: 0, failed: 0 });
  });
});
