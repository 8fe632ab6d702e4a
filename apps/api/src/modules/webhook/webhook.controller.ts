import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/public.decorator';
import { WebhookAnswer, WebhookService } from './webhook.service';

/**
 * The push URL a merchant pastes into WeChat's 消息推送 form. Public on purpose: WeChat signs its
 * requests instead. Left out of the OpenAPI document, which describes the console's api.
 */
@ApiExcludeController()
@Public()
@Controller('wechat')
export class WebhookController {
  constructor(private readonly webhook: WebhookService) {}

  @Get(':channelId')
  async handshake(
    @Param('channelId') channelId: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    send(reply, await this.webhook.handshake(channelId, query));
  }

  @Post(':channelId')
  async push(
    @Param('channelId') channelId: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    send(reply, await this.webhook.push(channelId, query, body));
  }
}

function send(reply: FastifyReply, answer: WebhookAnswer): void {
  void reply
    .status(answer.status)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .send(answer.body);
}
