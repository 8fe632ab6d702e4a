import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ChannelCredentialsCache } from './channel-credentials.cache';
import { WebhookController } from './webhook.controller';
import { WebhookService } from './webhook.service';

/**
 * WeChat's way in: the handshake and the pushes of every channel, verified and decoded, handed to
 * dispatch. Fastify is prepared for its route by `prepareWebhookRoute` (webhook-route.ts).
 */
@Module({
  imports: [TenantsModule, DispatchModule],
  controllers: [WebhookController],
  providers: [WebhookService, ChannelCredentialsCache],
  exports: [WebhookService],
})
export class WebhookModule {}
