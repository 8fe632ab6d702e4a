import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { ApplyForSeatsDto, LicenseApplicationDto, LicenseDto } from './dto/licensing.dto';
import { LicensingService } from './licensing.service';

/** The tenant's side of licensing: its seats and its application for more. */
@ApiTags('licensing')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/license')
export class LicenseController {
  constructor(private readonly licensing: LicensingService) {}

  @Get()
  @ApiOperation({ summary: 'Mode, seats, agents using them, expiry and the pending application' })
  @ApiOkResponse({ type: LicenseDto })
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<LicenseDto> {
    return this.licensing.get(tenantId);
  }

  @Post('applications')
  @ApiOperation({ summary: '申请开通: apply for multi-agent seats (one pending application at a time)' })
  @ApiCreatedResponse({ type: LicenseApplicationDto })
  @ApiConflictResponse({ description: 'An application is already pending' })
  apply(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Body() body: ApplyForSeatsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<LicenseApplicationDto> {
    return this.licensing.apply(tenantId, user, body);
  }
}
