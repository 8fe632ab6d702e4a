import { createHash, randomBytes } from 'node:crypto';
import type { Me, TokenPair } from '@kefu/contracts';
import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AuthUser } from '../../common/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../../config';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { LoginThrottleService } from './login-throttle.service';
import { verifyPassword } from './passwords';
import { TenantsService } from './tenants.service';
import { UsersService } from './users.service';

const WRONG_CREDENTIALS = 'Wrong username or password';

/** 403 for the users of a suspended tenant: at sign-in and on every request. */
export class TenantSuspendedException extends ForbiddenException {
  constructor() {
    super({
      statusCode: 403,
      error: 'Forbidden',
      code: 'tenant_suspended',
      message: 'This tenant is suspended. Ask the operator of this system to reactivate it.',
    });
  }
}

interface AccessClaims {
  sub: string;
  username: string;
  role: User['role'];
  tenantId: string | null;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly tenants: TenantsService,
    private readonly jwt: JwtService,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, ip: string): Promise<TokenPair> {
    await this.throttle.assertAllowed(username, ip);
    const user = await this.users.findForLogin(username);
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid) {
      await this.throttle.recordFailure(username, ip);
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(username);
    await this.assertTenantActive(user.tenantId);
    await this.users.touchLastLogin(user.id);
    return this.issue(user);
  }

  /** Exchanges a refresh token for a new pair. A token used twice revokes every session of its user. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const stored = await this.refreshTokens.findOneBy({ tokenHash: digest(refreshToken) });
    if (!stored || stored.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException('Sign in again');
    const revoked = await this.refreshTokens.update(
      { id: stored.id, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!revoked.affected) {
      await this.refreshTokens.update({ userId: stored.userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      throw new UnauthorizedException('Sign in again');
    }
    const user = await this.users.findById(stored.userId);
    if (!user) throw new UnauthorizedException('Sign in again');
    await this.assertTenantActive(user.tenantId);
    return this.issue(user);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.update({ tokenHash: digest(refreshToken), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async verifyAccessToken(token: string): Promise<AuthUser> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token);
      return { id: claims.sub, username: claims.username, role: claims.role, tenantId: claims.tenantId };
    } catch {
      throw new UnauthorizedException('Sign in again');
    }
  }

  /** Refuses the users of a suspended tenant (checked on every request through a short Redis cache). */
  async assertTenantActive(tenantId: string | null): Promise<void> {
    if (tenantId !== null && !(await this.tenants.isActive(tenantId))) throw new TenantSuspendedException();
  }

  me(user: AuthUser): Me {
    return { id: user.id, username: user.username, role: user.role, tenantId: user.tenantId };
  }

  private async issue(user: User): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, username: user.username, role: user.role, tenantId: user.tenantId };
    const refreshToken = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      userId: user.id,
      tokenHash: digest(refreshToken),
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
    });
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      refreshToken,
    };
  }

  /** Removes refresh tokens that can no longer be used. */
  async purgeRefreshTokens(): Promise<number> {
    const result = await this.refreshTokens
      .createQueryBuilder()
      .delete()
      .where('expires_at < now()')
      .orWhere(`revoked_at < now() - interval '1 day'`)
      .execute();
    return result.affected ?? 0;
  }
}
