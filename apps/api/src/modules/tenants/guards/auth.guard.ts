import type { Role } from '@kefu/contracts';
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../../../common/public.decorator';
import { ROLES } from '../../../common/roles.decorator';
import { AuthService } from '../auth.service';
import { TenantsService } from '../tenants.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every route needs a valid access token unless marked @Public(); @Roles() narrows further.
 * A route with a `:tenantId` parameter is tenant-scoped: a tenant admin reaches only its own tenant,
 * and another tenant's id answers 404 as if it did not exist (checked before the role, so a
 * superadmin-only route with `:tenantId` answers 404 too). The users of a suspended tenant are refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tenants: TenantsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthorizedException('Sign in first');
    request.user = await this.auth.verifyAccessToken(token);
    await this.auth.assertTenantActive(request.user.tenantId);
    // Another tenant's id answers 404 before anything else, so no answer tells that it exists.
    const tenantId: string | undefined = request.params?.tenantId;
    if (tenantId !== undefined) {
      const reachable =
        request.user.role === 'superadmin'
          ? UUID.test(tenantId) && (await this.tenants.exists(tenantId))
          : request.user.tenantId === tenantId;
      if (!reachable) throw new NotFoundException('No such tenant');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.user.role)) throw new ForbiddenException('Not allowed for your role');
    return true;
  }
}
