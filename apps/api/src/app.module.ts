import { QUEUES } from '@kefu/contracts';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { LicensingJobsModule } from './modules/licensing/jobs/licensing-jobs.module';
import { LicensingModule } from './modules/licensing/licensing.module';
import { KnowledgeJobsModule } from './modules/knowledge/jobs/knowledge-jobs.module';
import { KnowledgeModule } from './modules/knowledge/knowledge.module';
import { DispatchModule } from './modules/dispatch/dispatch.module';
import { DispatchJobsModule, OutboundJobsModule } from './modules/dispatch/jobs/dispatch-jobs.module';
import { TenantsJobsModule } from './modules/tenants/jobs/tenants-jobs.module';
import { TenantsModule } from './modules/tenants/tenants.module';
import { WebhookModule } from './modules/webhook/webhook.module';
import { SandboxModule } from './modules/sandbox/sandbox.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/** Queue processors by queue name; a worker loads those WORKER_QUEUES selects. */
const JOB_MODULES: Record<string, Type> = {
  [QUEUES.maintenance]: TenantsJobsModule,
  [QUEUES.licensing]: LicensingJobsModule,
  [QUEUES.media]: KnowledgeJobsModule,
  [QUEUES.outbound]: OutboundJobsModule,
  [QUEUES.dispatch]: DispatchJobsModule,
};

@Module({})
export class AppModule {
  static forRole(config: AppConfig): DynamicModule {
    const serves = config.role !== 'worker';
    const works = config.role !== 'api';
    const queues = config.workerQueues === 'all' ? Object.keys(JOB_MODULES) : config.workerQueues;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        MetricsModule,
        TenantsModule,
        LicensingModule,
        KnowledgeModule,
        DispatchModule,
        ...(serves ? [HealthModule, WebhookModule] : []),
        ...(works ? queues.map((queue) => JOB_MODULES[queue]).filter(Boolean) : []),
        ...(SandboxModule.loadsWith(config) ? [SandboxModule] : []),
      ],
    };
  }

  static knownQueues(): string[] {
    return Object.keys(JOB_MODULES);
  }
}
