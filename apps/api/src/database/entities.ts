import { RefreshToken } from '../modules/tenants/entities/refresh-token.entity';
import { Tenant } from '../modules/tenants/entities/tenant.entity';
import { User } from '../modules/tenants/entities/user.entity';

/** Every entity, for the TypeORM command line; the app registers them per module. */
export const entities = [Tenant, User, RefreshToken];
