import { randomBytes } from 'node:crypto';
import type { TenantUser } from '@kefu/contracts';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { User } from './entities/user.entity';
import { isUniqueViolation } from './errors';
import { hashPassword } from './passwords';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The user with this name (any letter case), with the password hash. */
  findForLogin(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.username) = lower(:username)', { username: username.trim() })
      .getOne();
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }

  /**
   * On the first start, creates the superadmin from SUPERADMIN_USERNAME / SUPERADMIN_PASSWORD,
   * or with a generated password printed once. Safe when several instances start together.
   */
  async ensureSuperadmin(): Promise<void> {
    if (await this.users.existsBy({ role: 'superadmin' })) return;
    const { username, password } = this.config.superadmin;
    const chosen = password ?? randomBytes(12).toString('base64url');
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({ username, passwordHash: await hashPassword(chosen), role: 'superadmin', tenantId: null })
      .orIgnore()
      .execute();
    if (inserted.identifiers.length === 0 || !inserted.identifiers[0]) return;
    if (password) {
      this.logger.log(`Created the superadmin "${username}" with the password from SUPERADMIN_PASSWORD`);
    } else {
      // Printed once, on purpose outside the structured log, so it does not linger in log storage.
      process.stdout.write(
        `\n  Superadmin created. Sign in at ${this.config.http.publicBaseUrl} with\n` +
          `    username: ${username}\n    password: ${chosen}\n  This password is shown only once.\n\n`,
      );
    }
  }

  /** The tenant's admin users. */
  async listForTenant(tenantId: string): Promise<TenantUser[]> {
    const rows = await this.users.find({ where: { tenantId, role: 'tenant_admin' }, order: { createdAt: 'ASC' } });
    return rows.map(tenantUserView);
  }

  /** Adds an admin to the tenant; usernames are unique across the system in any letter case. */
  async createTenantAdmin(tenantId: string, username: string, password: string): Promise<TenantUser> {
    if (await this.findForLogin(username)) throw usernameTaken(username);
    const passwordHash = await hashPassword(password);
    try {
      const user = await this.users.save(this.users.create({ tenantId, username, passwordHash, role: 'tenant_admin' }));
      return tenantUserView(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_username_key')) throw usernameTaken(username);
      throw error;
    }
  }

  async removeTenantAdmin(tenantId: string, userId: string, currentUserId: string): Promise<void> {
    if (userId === currentUserId) {
      throw new ConflictException('You cannot delete your own account. Ask another admin of this tenant to do it.');
    }
    const result = await this.users.delete({ id: userId, tenantId, role: 'tenant_admin' });
    if (!result.affected) throw new NotFoundException('No such user');
  }
}

export function usernameTaken(username: string): ConflictException {
  return new ConflictException(`The username "${username}" is taken. Choose another one.`);
}

function tenantUserView(user: User): TenantUser {
  return {
    id: user.id,
    username: user.username,
    role: 'tenant_admin',
    tenantId: user.tenantId!,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
