import { QUEUES } from '@kefu/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants.module';
import { MaintenanceProcessor } from './maintenance.processor';

/** The tenants module's queue processors; loaded by worker processes only. */
@Module({
  imports: [TenantsModule, BullModule.registerQueue({ name: QUEUES.maintenance })],
  providers: [MaintenanceProcessor],
})
export class TenantsJobsModule {}
