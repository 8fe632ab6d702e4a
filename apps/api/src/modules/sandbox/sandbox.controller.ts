import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser } from '../../common/current-user.decorator';
import { Public } from '../../common/public.decorator';
import { PICTURES, PictureName, readPicture } from './demo';
import { AddSandboxCustomerDto, SandboxPhoneDto, SandboxPhonesDto, SandboxStatusDto, SandboxTypeDto } from './dto/sandbox.dto';
import { SandboxService } from './sandbox.service';

const TENANT = new ParseUUIDPipe();

@ApiTags('sandbox')
@ApiBearerAuth()
@Controller()
export class SandboxController {
  constructor(private readonly sandbox: SandboxService) {}

  @Get('api/sandbox')
  @ApiOperation({ summary: 'Whether the sandbox runs, and (for its admins and the superadmin) the demo shop' })
  @ApiOkResponse({ type: SandboxStatusDto })
  status(@CurrentUser() user: AuthUser): SandboxStatusDto {
    return this.sandbox.status(user);
  }

  @Public()
  @Get('api/sandbox/pictures/:name')
  @ApiOperation({ summary: 'A picture of the demo knowledge base (link items send its address)' })
  @ApiProduces('image/png')
  picture(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    if (!PICTURES.includes(name as PictureName)) throw new NotFoundException('No such picture');
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=86400');
    return readPicture(name as PictureName);
  }

  @Get('api/tenants/:tenantId/sandbox/phones')
  @ApiOperation({ summary: "The demo's phones: customers and agents, each with what it sent and received, in order" })
  @ApiOkResponse({ type: SandboxPhonesDto })
  @ApiNotFoundResponse({ description: 'The sandbox is off, or this is not the demo shop' })
  @ApiServiceUnavailableResponse({ description: 'The sandbox is starting' })
  phones(@Param('tenantId', TENANT) tenantId: string): Promise<SandboxPhonesDto> {
    return this.sandbox.phones(tenantId);
  }

  @Post('api/tenants/:tenantId/sandbox/phones')
  @ApiOperation({ summary: 'A new customer phone: it enters the chat with the nickname as session-from' })
  @ApiCreatedResponse({ type: SandboxPhoneDto })
  addCustomer(@Param('tenantId', TENANT) tenantId: string, @Body() body: AddSandboxCustomerDto): Promise<SandboxPhoneDto> {
    return this.sandbox.addCustomer(tenantId, body.nickname);
  }

  @Post('api/tenants/:tenantId/sandbox/phones/:openid/messages')
  @HttpCode(204)
  @ApiOperation({ summary: 'The phone’s owner sends a text (an agent’s commands too) or a photo: a real push to the webhook' })
  @ApiNoContentResponse({ description: 'The relay accepted the push; its replies arrive on the phones' })
  type(@Param('tenantId', TENANT) tenantId: string, @Param('openid') openid: string, @Body() body: SandboxTypeDto): Promise<void> {
    return this.sandbox.type(tenantId, openid, body);
  }

  @Get('api/tenants/:tenantId/sandbox/media/:mediaId')
  @ApiOperation({ summary: 'A picture on a phone, as WeChat keeps it' })
  @ApiProduces('image/png', 'image/jpeg')
  media(
    @Param('tenantId', TENANT) tenantId: string,
    @Param('mediaId') mediaId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Buffer {
    const file = this.sandbox.mediaFile(tenantId, mediaId);
    void reply.header('content-type', file.contentType).header('cache-control', 'private, max-age=86400, immutable');
    return file.data;
  }
}
