import { QUEUES } from '@kefu/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { TenantsModule } from '../tenants/tenants.module';
import { DispatchService } from './dispatch.service';
import { ConversationEngine } from './engine/conversation-engine';
import { Customer } from './entities/customer.entity';
import { InboundMessage } from './entities/message.entity';
import { OfflineMessage } from './entities/offline-message.entity';
import { OutboundMessage } from './entities/outbound-message.entity';
import { Session } from './entities/session.entity';
import { SendWindowRow } from './entities/send-window.entity';
import { OutboxService } from './outbound/outbox.service';
import { SendWindowsService } from './outbound/send-windows.service';

/** The conversation engine (behaviour.md B–E), the outbox and send windows. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Customer, Session, InboundMessage, OutboundMessage, SendWindowRow, OfflineMessage]),
    BullModule.registerQueue({ name: QUEUES.outbound }, { name: QUEUES.dispatch }),
    TenantsModule,
    KnowledgeModule,
  ],
  providers: [DispatchService, ConversationEngine, OutboxService, SendWindowsService],
  exports: [DispatchService, OutboxService, SendWindowsService],
})
export class DispatchModule {}
