import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettingsDto, UpdateSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's service settings (defaults until saved)" })
  @ApiOkResponse({ type: SettingsDto })
  get(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<SettingsDto> {
    return this.settings.get(tenantId);
  }

  @Put()
  @ApiOperation({ summary: 'Save settings; fields left out keep their value' })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse({ description: 'A value is out of range, or linkedChannelId is not an official account of the tenant' })
  update(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: UpdateSettingsDto): Promise<SettingsDto> {
    return this.settings.update(tenantId, body);
  }
}
