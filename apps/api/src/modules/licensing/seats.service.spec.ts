import { describe, expect, it } from 'vitest';
import { SeatsBelowAgentsException, SeatsExhaustedException } from '../tenants/errors';
import type { License } from './entities/license.entity';
import { allowanceOf } from './seats.service';

const license = (seats: number | null, expiresAt: Date | null): License =>
  ({ tenantId: 't', seats, expiresAt, grantedAt: new Date(), updatedAt: new Date() }) as License;

describe('seats', () => {
  it('G1: no grant is single-agent mode with one seat', () => {
    expect(allowanceOf(null)).toEqual({ mode: 'single', seats: 1 });
  });

  it('G2: a grant gives its seats, null meaning unlimited', () => {
    expect(allowanceOf(license(3, null))).toEqual({ mode: 'multi', seats: 3 });
    expect(allowanceOf(license(null, new Date(Date.now() + 60000)))).toEqual({ mode: 'multi', seats: null });
  });

  it('G4: an expired grant reads as single-agent mode the moment it ends', () => {
    const now = Date.now();
    expect(allowanceOf(license(3, new Date(now)), now)).toEqual({ mode: 'single', seats: 1 });
    expect(allowanceOf(license(3, new Date(now + 1)), now)).toEqual({ mode: 'multi', seats: 3 });
  });

  it('G3: says seats and use in words a merchant can act on', () => {
    expect(new SeatsExhaustedException(3, 3).getResponse()).toMatchObject({
      message: 'All 3 seats are in use (3 agents). Remove an agent or apply for more seats.',
      seats: 3,
      used: 3,
    });
    expect((new SeatsExhaustedException(1, 1).getResponse() as { message: string }).message).toBe(
      'Single-agent mode allows 1 agent and 1 agent is registered. Remove the agent or apply for multi-agent seats.',
    );
    expect((new SeatsBelowAgentsException(1, 2).getResponse() as { message: string }).message).toMatch(
      /^The tenant has 2 agents, more than 1 seat\./,
    );
  });
});
