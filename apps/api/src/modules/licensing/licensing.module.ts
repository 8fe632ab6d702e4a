import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SEAT_POLICY } from '../tenants/seat-policy';
import { TenantsModule } from '../tenants/tenants.module';
import { LicenseApplication } from './entities/license-application.entity';
import { LicenseAuditEntry } from './entities/license-audit.entity';
import { License } from './entities/license.entity';
import { LicenseController } from './license.controller';
import { LicensesController } from './licenses.controller';
import { LicensingService } from './licensing.service';
import { SeatsService } from './seats.service';

/**
 * Applications, grants, seats and their audit log. Global so the tenants module can take the
 * SEAT_POLICY port without importing this module back (licensing uses tenants' exported services).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([License, LicenseApplication, LicenseAuditEntry]), TenantsModule],
  controllers: [LicenseController, LicensesController],
  providers: [SeatsService, LicensingService, { provide: SEAT_POLICY, useExisting: SeatsService }],
  exports: [LicensingService, SEAT_POLICY],
})
export class LicensingModule {}
