import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ChannelsService } from './channels.service';
import { ChannelDto, CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';

const SECRETS =
  'The AppSecret and the EncodingAESKey are stored encrypted and returned only masked. Send the EncodingAESKey you will paste ' +
  'into WeChat’s 消息推送 form (the console generates one in the browser and sends it once); a channel created without one ' +
  'gets a generated key that nobody can read, until a new one is sent.';

const CHECKED =
  'Saved. checkStatus / checkCode / checkMessage say what WeChat answered for the AppID and AppSecret; a failed check still saves the channel';

@ApiTags('channels')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's WeChat apps (mini-programs and official accounts)" })
  @ApiOkResponse({ type: [ChannelDto] })
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<ChannelDto[]> {
    return this.channels.list(tenantId);
  }

  @Post()
  @ApiOperation({ summary: 'Connect a WeChat app; its AppID and AppSecret are checked with WeChat', description: SECRETS })
  @ApiCreatedResponse({ type: ChannelDto, description: CHECKED })
  @ApiBadRequestResponse({ description: 'A field is malformed, or an official account is not set to XML' })
  @ApiConflictResponse({ description: 'The AppID is already connected' })
  create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateChannelDto): Promise<ChannelDto> {
    return this.channels.create(tenantId, body);
  }

  @Get(':channelId')
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse()
  get(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('channelId', ParseUUIDPipe) channelId: string,
  ): Promise<ChannelDto> {
    return this.channels.get(tenantId, channelId);
  }

  @Patch(':channelId')
  @ApiOperation({
    summary: 'Change a channel; a new AppID or AppSecret is checked with WeChat again',
    description: `${SECRETS} A new EncodingAESKey replaces the old one at once: WeChat’s form must then be given the new key too.`,
  })
  @ApiOkResponse({ type: ChannelDto, description: CHECKED })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The AppID is already connected' })
  update(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('channelId', ParseUUIDPipe) channelId: string,
    @Body() body: UpdateChannelDto,
  ): Promise<ChannelDto> {
    return this.channels.update(tenantId, channelId, body);
  }

  @Delete(':channelId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The channel is the official account linked in the settings' })
  remove(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('channelId', ParseUUIDPipe) channelId: string,
  ): Promise<void> {
    return this.channels.remove(tenantId, channelId);
  }

  @Post(':channelId/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the stored AppID and AppSecret with WeChat again' })
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse()
  check(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('channelId', ParseUUIDPipe) channelId: string,
  ): Promise<ChannelDto> {
    return this.channels.check(tenantId, channelId);
  }
}
