import { MAINTENANCE_JOBS, QUEUES } from '@kefu/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/test-app';
import { createWorkerApp } from '../../../bootstrap';

describe('worker', () => {
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await createWorkerApp(testConfig({ ROLE: 'worker' }));
  });
  afterAll(() => worker.close());

  it('schedules the refresh-token purge once and runs it', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.maintenance));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable.map((job) => job.name)).toEqual([MAINTENANCE_JOBS.purgeRefreshTokens]);
    const job = await queue.add(MAINTENANCE_JOBS.purgeRefreshTokens, {});
    expect(await job.finished()).toBeGreaterThanOrEqual(0);
  });
});
