import { SetMetadata } from '@nestjs/common';
import type { Role } from '@kefu/contracts';

export const ROLES = 'roles';

/** Restricts a route or controller to the given roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
