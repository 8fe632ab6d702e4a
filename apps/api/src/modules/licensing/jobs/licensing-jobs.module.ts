import { QUEUES } from '@kefu/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { LicensingModule } from '../licensing.module';
import { LicensingProcessor } from './licensing.processor';

/** The licensing module's queue processors; loaded by worker processes only. */
@Module({
  imports: [LicensingModule, BullModule.registerQueue({ name: QUEUES.licensing })],
  providers: [LicensingProcessor],
})
export class LicensingJobsModule {}
