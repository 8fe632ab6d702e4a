import { LicenseApplication } from '../modules/licensing/entities/license-application.entity';
import { LicenseAuditEntry } from '../modules/licensing/entities/license-audit.entity';
import { License } from '../modules/licensing/entities/license.entity';
import { KnowledgeItem } from '../modules/knowledge/entities/knowledge-item.entity';
import { Agent } from '../modules/tenants/entities/agent.entity';
import { Channel } from '../modules/tenants/entities/channel.entity';
import { RefreshToken } from '../modules/tenants/entities/refresh-token.entity';
import { Tenant } from '../modules/tenants/entities/tenant.entity';
import { TenantSettingsRow } from '../modules/tenants/entities/tenant-settings.entity';
import { User } from '../modules/tenants/entities/user.entity';

/** Every entity, for the TypeORM command line; the app registers them per module. */
export const entities = [Tenant, User, RefreshToken, Channel, Agent, TenantSettingsRow, License, LicenseApplication, LicenseAuditEntry, KnowledgeItem];
