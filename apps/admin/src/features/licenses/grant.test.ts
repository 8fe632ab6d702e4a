import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { describeGrant, toGrantRequest } from './grant';

describe('grant form → request', () => {
  it('sends null seats for 不限 and no end without a date', () => {
    expect(toGrantRequest({ unlimited: true, seats: 5, expiresOn: null })).toEqual({ seats: null, expiresAt: null });
  });

  it('sends the seats and the end of the chosen day', () => {
    const day = dayjs('2027-01-31T10:00:00');
    const body = toGrantRequest({ unlimited: false, seats: 3, expiresOn: day });
    expect(body.seats).toBe(3);
    expect(body.expiresAt).toBe(day.endOf('day').toISOString());
  });
});

describe('describeGrant', () => {
  it('summarises audit values', () => {
    expect(describeGrant({ seats: 3, expiresAt: '2027-01-31T15:59:59.999Z' }, '不限')).toBe('3 · 2027-01-31');
    expect(describeGrant({ seats: null }, '不限')).toBe('不限');
    expect(describeGrant(null, '不限')).toBeNull();
    expect(describeGrant({}, '不限')).toBeNull();
  });
});
