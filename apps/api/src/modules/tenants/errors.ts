import { ConflictException } from '@nestjs/common';

/** Postgres' unique_violation, optionally on one constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError ?? error;
  const { code, constraint: name } = (driverError ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || name === constraint);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** 409 when one more agent would exceed the tenant's seats (G1, G3). */
export class SeatsExhaustedException extends ConflictException {
  constructor(seats: number, used: number) {
    const message =
      seats === 1
        ? `Single-agent mode allows 1 agent and ${plural(used, 'agent')} ${used === 1 ? 'is' : 'are'} registered. ` +
          'Remove the agent or apply for multi-agent seats.'
        : `All ${plural(seats, 'seat')} are in use (${plural(used, 'agent')}). Remove an agent or apply for more seats.`;
    super({ statusCode: 409, error: 'Conflict', code: 'seats_exhausted', message, seats, used });
  }
}

/** 409 when seats would drop below the agents registered (G3). */
export class SeatsBelowAgentsException extends ConflictException {
  constructor(seats: number, used: number) {
    super({
      statusCode: 409,
      error: 'Conflict',
      code: 'seats_below_agents',
      message:
        `The tenant has ${plural(used, 'agent')}, more than ${plural(seats, 'seat')}. ` +
        'Remove agents first, or keep at least as many seats as agents.',
      seats,
      used,
    });
  }
}

export { plural };
