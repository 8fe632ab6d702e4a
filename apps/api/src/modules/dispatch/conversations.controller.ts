import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ConversationsService } from './conversations.service';
import {
  CustomerPageDto,
  DashboardDto,
  MarkOfflineReadResultDto,
  OfflineMessagePageDto,
  QueueDto,
  SessionDetailDto,
  SessionPageDto,
  TranscriptDto,
} from './dto/conversation-views.dto';
import {
  AssignDto,
  CustomerListQueryDto,
  DashboardQueryDto,
  MarkOfflineReadDto,
  OfflineMessageQueryDto,
  ReplyDto,
  SessionListQueryDto,
} from './dto/conversations.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get('dashboard')
  @ApiOperation({
    summary: 'Figures of the live console',
    description:
      'Customers online (window open), waiting now and the longest wait, agents and whom they serve, sessions opened today, ' +
      'average wait and first-response time of sessions assigned today, and per-hour (today) and per-day (this week) series.',
  })
  @ApiOkResponse({ type: DashboardDto })
  @ApiBadRequestResponse({ description: 'tz is not an IANA time zone' })
  dashboard(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.conversations.dashboard(tenantId, query.tz);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Sessions, newest first, filtered by agent, state, time opened and words in their messages' })
  @ApiOkResponse({ type: SessionPageDto })
  sessions(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query() query: SessionListQueryDto): Promise<SessionPageDto> {
    return this.conversations.listSessions(tenantId, query);
  }

  @Get('sessions/:sessionId')
  @ApiOperation({ summary: 'A session with its customer and the window meter (I1)' })
  @ApiOkResponse({ type: SessionDetailDto })
  @ApiNotFoundResponse()
  session(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<SessionDetailDto> {
    return this.conversations.getSession(tenantId, sessionId);
  }

  @Get('sessions/:sessionId/messages')
  @ApiOperation({
    summary: 'The transcript: what the customer wrote and what was sent to them, oldest first',
    description: 'Each message sent carries its delivery state (sent, held for the window, failed …) and why.',
  })
  @ApiOkResponse({ type: TranscriptDto })
  @ApiNotFoundResponse()
  messages(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<TranscriptDto> {
    return this.conversations.transcript(tenantId, sessionId);
  }

  @Post('sessions/:sessionId/reply')
  @HttpCode(202)
  @ApiOperation({
    summary: "Answer the session's customer as a console admin",
    description: 'Goes through the outbox like an agent’s reply: in order, inside the send window, never twice.',
  })
  @ApiAcceptedResponse({ description: 'Queued for delivery; the transcript shows how it went' })
  @ApiBadRequestResponse({ description: 'No text, or longer than 2000 characters' })
  @ApiNotFoundResponse()
  async reply(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() body: ReplyDto,
  ): Promise<void> {
    await this.conversations.reply(tenantId, sessionId, body.text);
  }

  @Get('queue')
  @ApiOperation({ summary: 'Waiting sessions, first in line first, with what each customer wrote while waiting' })
  @ApiOkResponse({ type: QueueDto })
  queue(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<QueueDto> {
    return this.conversations.queue(tenantId);
  }

  @Post('queue/:sessionId/assign')
  @HttpCode(204)
  @ApiOperation({ summary: 'Hand a waiting session to an agent' })
  @ApiNotFoundResponse({ description: 'No such session or agent' })
  @ApiBadRequestResponse({ description: 'No agentId' })
  async assign(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() body: AssignDto,
  ): Promise<void> {
    await this.conversations.assign(tenantId, sessionId, body.agentId);
  }

  @Get('offline-messages')
  @ApiOperation({ summary: '留言: messages no agent could take; unread oldest first, read latest first' })
  @ApiOkResponse({ type: OfflineMessagePageDto })
  offlineMessages(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Query() query: OfflineMessageQueryDto,
  ): Promise<OfflineMessagePageDto> {
    return this.conversations.offlineMessages(tenantId, query);
  }

  @Post('offline-messages/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark offline messages read (as 看留言 does)' })
  @ApiOkResponse({ type: MarkOfflineReadResultDto })
  markRead(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: MarkOfflineReadDto): Promise<MarkOfflineReadResultDto> {
    return this.conversations.markOfflineRead(tenantId, body.ids);
  }

  @Get('customers')
  @ApiOperation({ summary: 'Customers, most recently seen first, with their window meter; search by number or nickname' })
  @ApiOkResponse({ type: CustomerPageDto })
  customers(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Query() query: CustomerListQueryDto): Promise<CustomerPageDto> {
    return this.conversations.listCustomers(tenantId, query);
  }
}
