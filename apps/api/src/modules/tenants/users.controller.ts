import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { CreateTenantUserDto, TenantUserDto } from './dto/tenant-user.dto';
import { TenantsService } from './tenants.service';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly tenants: TenantsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tenant's console users (admins)" })
  @ApiOkResponse({ type: [TenantUserDto] })
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<TenantUserDto[]> {
    return this.users.listForTenant(tenantId);
  }

  @Post()
  @ApiOperation({ summary: 'Add a console user (admin) to the tenant' })
  @ApiCreatedResponse({ type: TenantUserDto })
  @ApiConflictResponse({ description: 'The username is taken (usernames are unique in the system, in any letter case)' })
  async create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateTenantUserDto): Promise<TenantUserDto> {
    await this.tenants.get(tenantId);
    return this.users.createTenantAdmin(tenantId, body.username, body.password);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a console user; you cannot remove yourself' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'You tried to remove your own account' })
  remove(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.users.removeTenantAdmin(tenantId, userId, user.id);
  }
}
