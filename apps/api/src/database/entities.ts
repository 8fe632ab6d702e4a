import { Customer } from '../modules/dispatch/entities/customer.entity';
import { InboundMessage } from '../modules/dispatch/entities/message.entity';
import { OfflineMessage } from '../modules/dispatch/entities/offline-message.entity';
import { OutboundMessage } from '../modules/dispatch/entities/outbound-message.entity';
import { SendWindowRow } from '../modules/dispatch/entities/send-window.entity';
import { Session } from '../modules/dispatch/entities/session.entity';
import { LicenseApplication } from '../modules/licensing/entities/license-application.entity';
import { LicenseAuditEntry } from '../modules/licensing/entities/license-audit.entity';
import { License } from '../modules/licensing/entities/license.entity';
import { KnowledgeItem } from '../modules/knowledge/entities/knowledge-item.entity';
import { MediaAsset } from '../modules/knowledge/entities/media-asset.entity';
import { MediaId } from '../modules/knowledge/entities/media-id.entity';
import { Agent } from '../modules/tenants/entities/agent.entity';
import { Channel } from '../modules/tenants/entities/channel.entity';
import { RefreshToken } from '../modules/tenants/entities/refresh-token.entity';
import { Tenant } from '../modules/tenants/entities/tenant.entity';
import { TenantSettingsRow } from '../modules/tenants/entities/tenant-settings.entity';
import { User } from '../modules/tenants/entities/user.entity';

/** Every entity, for the TypeORM command line; the app registers them per module. */
export const entities = [Tenant, User, RefreshToken, Channel, Agent, TenantSettingsRow, License, LicenseApplication, LicenseAuditEntry, KnowledgeItem,
  MediaAsset, MediaId,
  Customer, Session, InboundMessage, OutboundMessage, SendWindowRow, OfflineMessage];
