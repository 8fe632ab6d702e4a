export type AgentStatus = 'idle' | 'hidden' | 'busy' | 'offline';

export interface CreateAgentRequest {
  nickname: string;
  /** Left out: a binding code is generated for the agent to send from their phone. */
  openid?: string;
  isAdmin?: boolean;
}

export interface UpdateAgentRequest {
  nickname?: string;
  /** null unbinds the phone and issues a new binding code. */
  openid?: string | null;
  isAdmin?: boolean;
  status?: AgentStatus;
}

export interface Agent {
  id: string;
  tenantId: string;
  nickname: string;
  openid: string | null;
  isAdmin: boolean;
  status: AgentStatus;
  /** False when the tenant's seats do not cover this agent (single-agent mode keeps only its admin). */
  active: boolean;
  /** The live binding code (6 digits) while no phone is bound; null once used or expired. */
  bindingCode: string | null;
  bindingCodeExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of a 409 answer when an agent would exceed the tenant's seats. */
export interface SeatsExhaustedError {
  statusCode: 409;
  error: 'Conflict';
  code: 'seats_exhausted';
  message: string;
  /** Seats allowed (1 in single-agent mode). */
  seats: number;
  /** Agents registered. */
  used: number;
}
