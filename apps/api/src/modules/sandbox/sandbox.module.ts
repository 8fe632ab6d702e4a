import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { DispatchModule } from '../dispatch/dispatch.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { TenantsModule } from '../tenants/tenants.module';
import { SandboxController } from './sandbox.controller';
import { SandboxService } from './sandbox.service';

/**
 * The demo shop with WeChat simulated inside the process (see SandboxService). Loaded only where it
 * may run: never in production, only in the process that serves HTTP and works the queues, and with
 * SANDBOX=auto only in development (it then stays off once a real channel is connected).
 */
@Module({
  imports: [TenantsModule, KnowledgeModule, DispatchModule],
  controllers: [SandboxController],
  providers: [SandboxService],
})
export class SandboxModule {
  static loadsWith(config: AppConfig): boolean {
    if (config.env === 'production' || config.role !== 'all') return false;
    return config.sandbox.mode === 'on' || (config.sandbox.mode === 'auto' && config.env === 'development');
  }
}
