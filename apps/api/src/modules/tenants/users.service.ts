import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config';
import { User } from './entities/user.entity';
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
}
