import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@kefu/contracts';

/** Who made the request, as the access token says. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  tenantId: string | null;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest().user,
);
