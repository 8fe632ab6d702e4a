import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/roles.decorator';
import { CreateTenantDto, TenantSummaryDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Roles('superadmin')
  @ApiOperation({ summary: 'Create a tenant with its first admin user (superadmin)' })
  @ApiCreatedResponse({ type: TenantSummaryDto })
  @ApiConflictResponse({ description: 'The admin username is taken' })
  create(@Body() body: CreateTenantDto): Promise<TenantSummaryDto> {
    return this.tenants.create(body);
  }

  @Get()
  @Roles('superadmin')
  @ApiOperation({ summary: 'List tenants with their status, agents and seats (superadmin)' })
  @ApiOkResponse({ type: [TenantSummaryDto] })
  list(): Promise<TenantSummaryDto[]> {
    return this.tenants.list();
  }

  @Get(':tenantId')
  @ApiOperation({ summary: 'One tenant (its own admins, or the superadmin)' })
  @ApiOkResponse({ type: TenantSummaryDto })
  @ApiNotFoundResponse()
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<TenantSummaryDto> {
    return this.tenants.get(tenantId);
  }

  @Patch(':tenantId')
  @Roles('superadmin')
  @ApiOperation({ summary: "Rename, suspend or reactivate a tenant (superadmin). A suspended tenant's admins are refused at once" })
  @ApiOkResponse({ type: TenantSummaryDto })
  @ApiNotFoundResponse()
  update(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: UpdateTenantDto): Promise<TenantSummaryDto> {
    return this.tenants.update(tenantId, body);
  }
}
