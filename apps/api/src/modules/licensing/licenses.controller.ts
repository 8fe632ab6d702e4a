import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../common/roles.decorator';
import { AuthUser, CurrentUser } from '../../common/current-user.decorator';
import {
  ApplicationsQueryDto,
  AuditQueryDto,
  GrantDto,
  LicenseApplicationDto,
  LicenseAuditPageDto,
  LicenseDto,
  RejectDto,
} from './dto/licensing.dto';
import { LicensingService } from './licensing.service';

/** 网站授权管理: the superadmin's side of licensing. */
@ApiTags('licensing')
@ApiBearerAuth()
@Roles('superadmin')
@Controller('api/licenses')
export class LicensesController {
  constructor(private readonly licensing: LicensingService) {}

  @Get('applications')
  @ApiOperation({ summary: 'Applications with their tenant names (pending: oldest first; others: newest first)' })
  @ApiOkResponse({ type: [LicenseApplicationDto] })
  applications(@Query() query: ApplicationsQueryDto): Promise<LicenseApplicationDto[]> {
    return this.licensing.listApplications(query.status);
  }

  @Post('applications/:applicationId/grant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant seats (null = unlimited), optionally until a date' })
  @ApiOkResponse({ type: LicenseApplicationDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already decided, or fewer seats than the agents registered' })
  grant(
    @Param('applicationId', ParseUUIDPipe) applicationId: string,
    @Body() body: GrantDto,
    @CurrentUser() user: AuthUser,
  ): Promise<LicenseApplicationDto> {
    return this.licensing.grant(applicationId, user, { seats: body.seats, expiresAt: toDate(body.expiresAt) });
  }

  @Post('applications/:applicationId/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: LicenseApplicationDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already decided' })
  reject(
    @Param('applicationId', ParseUUIDPipe) applicationId: string,
    @Body() body: RejectDto,
    @CurrentUser() user: AuthUser,
  ): Promise<LicenseApplicationDto> {
    return this.licensing.reject(applicationId, user, body.reason);
  }

  @Get('audit')
  @ApiOperation({ summary: 'Every licensing step, newest first' })
  @ApiOkResponse({ type: LicenseAuditPageDto })
  @ApiBadRequestResponse()
  audit(@Query() query: AuditQueryDto): Promise<LicenseAuditPageDto> {
    return this.licensing.auditLog({
      tenantId: query.tenantId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
    });
  }

  @Put(':tenantId')
  @ApiOperation({ summary: "Change a tenant's seats (坐席数后期可以修改); refused below the agents registered" })
  @ApiOkResponse({ type: LicenseDto })
  @ApiConflictResponse({ description: 'Fewer seats than agents (code seats_below_agents)' })
  change(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Body() body: GrantDto,
    @CurrentUser() user: AuthUser,
  ): Promise<LicenseDto> {
    return this.licensing.change(tenantId, user, { seats: body.seats, expiresAt: toDate(body.expiresAt) });
  }

  @Delete(':tenantId')
  @ApiOperation({ summary: 'Revoke: back to single-agent mode; only the admin agent stays active, nothing is deleted' })
  @ApiOkResponse({ type: LicenseDto })
  @ApiNotFoundResponse({ description: 'No seats granted' })
  revoke(@Param('tenantId', ParseUUIDPipe) tenantId: string, @CurrentUser() user: AuthUser): Promise<LicenseDto> {
    return this.licensing.revoke(tenantId, user);
  }
}

function toDate(value: string | null | undefined): Date | null {
  return value ? new Date(value) : null;
}
