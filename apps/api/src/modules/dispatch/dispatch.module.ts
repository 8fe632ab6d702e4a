import { QUEUES } from '@kefu/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { TenantsModule } from '../tenants/tenants.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { DispatchService } from './dispatch.service';
import { AgentRules } from './engine/agent-rules.service';
import { AssignmentService } from './engine/assignment.service';
import { ConversationEngine } from './engine/conversation-engine';
import { CustomerRules } from './engine/customer-rules.service';
import { TurnRunner } from './engine/turn-runner';
import { Customer } from './entities/customer.entity';
import { InboundMessage } from './entities/message.entity';
import { OfflineMessage } from './entities/offline-message.entity';
import { OutboundMessage } from './entities/outbound-message.entity';
import { Session } from './entities/session.entity';
import { SendWindowRow } from './entities/send-window.entity';
import { LiveEventsController } from './live/live-events.controller';
import { LiveEventsService } from './live/live-events.service';
import { OUTBOUND_QUEUE_SETTINGS } from './outbound/deliver-job-options';
import { DeliveryChannelsService } from './outbound/delivery-channels.service';
import { DeliveryService } from './outbound/delivery.service';
import { OutboxSweeper } from './outbound/outbox-sweeper';
import { OutboxService } from './outbound/outbox.service';
import { ReplyLanguageService } from './outbound/reply-language.service';
import { SendWindowsService } from './outbound/send-windows.service';

/** The conversation engine (behaviour.md B–E), the outbox and send windows. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Customer, Session, InboundMessage, OutboundMessage, SendWindowRow, OfflineMessage]),
    BullModule.registerQueue({ name: QUEUES.outbound, settings: OUTBOUND_QUEUE_SETTINGS }, { name: QUEUES.dispatch }),
    TenantsModule,
    KnowledgeModule,
  ],
  providers: [
    DispatchService,
    ConversationEngine,
    TurnRunner,
    AssignmentService,
    CustomerRules,
    AgentRules,
    OutboxService,
    SendWindowsService,
    DeliveryService,
    DeliveryChannelsService,
    OutboxSweeper,
    ReplyLanguageService,
    LiveEventsService,
    ConversationsService,
  ],
  controllers: [ConversationsController, LiveEventsController],
  exports: [
    DispatchService,
    ConversationEngine,
    OutboxService,
    SendWindowsService,
    LiveEventsService,
    ConversationsService,
    DeliveryService,
    OutboxSweeper,
    // The queues themselves, so the processors in jobs/ share these instances and their settings.
    BullModule,
  ],
})
export class DispatchModule {}
