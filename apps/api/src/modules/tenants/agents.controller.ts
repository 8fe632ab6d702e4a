import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AgentsService } from './agents.service';
import { AgentDto, CreateAgentDto, SeatsExhaustedDto, UpdateAgentDto } from './dto/agent.dto';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's agents (客服), oldest first, with live binding codes" })
  @ApiOkResponse({ type: [AgentDto] })
  list(@Param('tenantId', ParseUUIDPipe) tenantId: string): Promise<AgentDto[]> {
    return this.agents.list(tenantId);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an agent within the seats',
    description:
      'Without an openid the answer carries a 6-digit binding code, valid 30 minutes and once: the agent sends it to the customer service from their phone. ' +
      'In single-agent mode the one agent is the admin.',
  })
  @ApiCreatedResponse({ type: AgentDto })
  @ApiConflictResponse({ type: SeatsExhaustedDto, description: 'No seat left (code seats_exhausted), or the nickname or openid is taken' })
  create(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: CreateAgentDto): Promise<AgentDto> {
    return this.agents.create(tenantId, body);
  }

  @Patch(':agentId')
  @ApiOkResponse({ type: AgentDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The nickname or openid is taken, or the agent is not covered by the seats' })
  update(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('agentId', ParseUUIDPipe) agentId: string,
    @Body() body: UpdateAgentDto,
  ): Promise<AgentDto> {
    return this.agents.update(tenantId, agentId, body);
  }

  @Delete(':agentId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('agentId', ParseUUIDPipe) agentId: string,
  ): Promise<void> {
    return this.agents.remove(tenantId, agentId);
  }

  @Post(':agentId/binding-code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new binding code (the previous one stops working)' })
  @ApiOkResponse({ type: AgentDto })
  @ApiNotFoundResponse()
  newBindingCode(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('agentId', ParseUUIDPipe) agentId: string,
  ): Promise<AgentDto> {
    return this.agents.newBindingCode(tenantId, agentId);
  }
}
