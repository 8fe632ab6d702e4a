import type {
  AgentRef,
  AgentStatus,
  CustomerRef,
  CustomerView,
  Dashboard,
  DashboardAgent,
  DashboardPoint,
  DeliveryState,
  MarkOfflineReadResult,
  OfflineMessagePage,
  OfflineMessageView,
  Page,
  Queue,
  QueueEntry,
  QueueMessage,
  SessionCloseReason,
  SessionDetail,
  SessionState,
  SessionSummary,
  Transcript,
  TranscriptContent,
  TranscriptEntry,
  WindowMeter,
} from '@kefu/contracts';
import { ApiProperty } from '@nestjs/swagger';

const CONTENT_DESCRIPTION =
  'By type: text {text}; image {url}; link {title, description, url, pictureUrl}; miniprogrampage {title, pagePath, thumbUrl}; ' +
  'voice {recognition}; video {title}; event {event}; other {msgType}';

export class WindowMeterDto implements WindowMeter {
  @ApiProperty({ description: 'WeChat still takes messages for this customer' }) open!: boolean;
  @ApiProperty({ example: 3, description: 'Sends left (0 when closed)' }) remaining!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the window closes' }) expiresAt!: string | null;
}

export class AgentRefDto implements AgentRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() nickname!: string;
}

export class CustomerRefDto implements CustomerRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 12, description: 'The number agents type (#12)' }) number!: number;
  @ApiProperty({ type: String, nullable: true }) nickname!: string | null;
}

export class CustomerViewDto extends CustomerRefDto implements CustomerView {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() openid!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ type: WindowMeterDto, description: 'I1: sends left and when the window closes' }) window!: WindowMeterDto;
}

export class CustomerPageDto implements Page<CustomerViewDto> {
  @ApiProperty({ type: [CustomerViewDto] }) items!: CustomerViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class SessionSummaryDto implements SessionSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['waiting', 'active', 'closed'] }) state!: SessionState;
  @ApiProperty({ type: CustomerRefDto }) customer!: CustomerRefDto;
  @ApiProperty({ type: AgentRefDto, nullable: true }) agent!: AgentRefDto | null;
  @ApiProperty({ type: AgentRefDto, nullable: true }) preferredAgent!: AgentRefDto | null;
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assignedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['goodbye', 'next', 'cleared', 'idle', 'window_closed', 'admin'] })
  closeReason!: SessionCloseReason | null;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'Messages the customer wrote in the session' }) messageCount!: number;
  @ApiProperty({ type: Object, nullable: true, description: `The customer's last message. ${CONTENT_DESCRIPTION}` })
  lastMessage!: TranscriptContent | null;
}

export class SessionDetailDto extends SessionSummaryDto implements SessionDetail {
  @ApiProperty({ type: CustomerViewDto }) declare customer: CustomerViewDto;
}

export class SessionPageDto implements Page<SessionSummaryDto> {
  @ApiProperty({ type: [SessionSummaryDto] }) items!: SessionSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class TranscriptDeliveryDto {
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'held', 'failed', 'unconfirmed'] }) state!: DeliveryState;
  @ApiProperty({ type: String, nullable: true, example: 'window_closed' }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: "The customer's window is closed: it opens again when they write" })
  reasonText!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

export class TranscriptEntryDto {
  @ApiProperty({ enum: ['in', 'out'], description: 'in: the customer wrote it; out: sent to the customer' }) direction!: 'in' | 'out';
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: Object, description: CONTENT_DESCRIPTION }) content!: TranscriptContent;
  @ApiProperty({ required: false, type: String, nullable: true, description: 'in: what the engine did with it' }) handling?: string | null;
  @ApiProperty({ required: false, enum: ['system', 'agent', 'robot', 'admin'], description: 'out: who wrote it' }) author?: string;
  @ApiProperty({ required: false, type: AgentRefDto, nullable: true }) agent?: AgentRefDto | null;
  @ApiProperty({ required: false, type: Object, nullable: true, description: 'out: the knowledge item {number, keyword}' })
  item?: { number: number; keyword: string } | null;
  @ApiProperty({ required: false, type: TranscriptDeliveryDto }) delivery?: TranscriptDeliveryDto;
}

export class TranscriptDto implements Transcript {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ type: [TranscriptEntryDto] }) entries!: TranscriptEntry[];
}

export class QueueMessageDto implements QueueMessage {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: Object, description: CONTENT_DESCRIPTION }) content!: TranscriptContent;
}

export class DashboardAgentDto extends AgentRefDto implements DashboardAgent {
  @ApiProperty({ enum: ['idle', 'hidden', 'busy', 'offline'] }) status!: AgentStatus;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: CustomerRefDto, nullable: true, description: 'The customer served now' }) serving!: CustomerRefDto | null;
}

export class QueueEntryDto implements QueueEntry {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty({ type: CustomerViewDto }) customer!: CustomerViewDto;
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiProperty() waitedSeconds!: number;
  @ApiProperty({ type: AgentRefDto, nullable: true }) preferredAgent!: AgentRefDto | null;
  @ApiProperty({ type: [QueueMessageDto] }) messages!: QueueMessageDto[];
}

export class QueueDto implements Queue {
  @ApiProperty({ type: [QueueEntryDto] }) entries!: QueueEntryDto[];
  @ApiProperty({ type: [DashboardAgentDto] }) agents!: DashboardAgentDto[];
}

export class OfflineMessageDto implements OfflineMessageView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: CustomerRefDto }) customer!: CustomerRefDto;
  @ApiProperty({ type: Object, description: CONTENT_DESCRIPTION }) content!: TranscriptContent;
  @ApiProperty({ format: 'date-time' }) writtenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class OfflineMessagePageDto implements OfflineMessagePage {
  @ApiProperty({ type: [OfflineMessageDto] }) items!: OfflineMessageDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Unread, whatever the filter' }) unread!: number;
}

export class MarkOfflineReadResultDto implements MarkOfflineReadResult {
  @ApiProperty({ description: 'Messages that were unread and now are read' }) marked!: number;
}

export class DashboardPointDto implements DashboardPoint {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty() sessions!: number;
  @ApiProperty() messages!: number;
}

export class DashboardDto implements Dashboard {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ description: 'Customers whose send window is open' }) customersOnline!: number;
  @ApiProperty() waiting!: number;
  @ApiProperty({ type: Number, nullable: true }) longestWaitSeconds!: number | null;
  @ApiProperty() activeSessions!: number;
  @ApiProperty({ type: [DashboardAgentDto] }) agents!: DashboardAgentDto[];
  @ApiProperty() sessionsToday!: number;
  @ApiProperty({ type: Number, nullable: true }) averageWaitSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) averageFirstResponseSeconds!: number | null;
  @ApiProperty() unreadOfflineMessages!: number;
  @ApiProperty({ type: [DashboardPointDto], description: '24 points, one per hour of today' }) hourly!: DashboardPointDto[];
  @ApiProperty({ type: [DashboardPointDto], description: '7 points, Monday to Sunday of this week' }) daily!: DashboardPointDto[];
}
