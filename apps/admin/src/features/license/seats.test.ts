import { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { beforeEach, describe, expect, it } from 'vitest';
import i18n from '../../app/i18n';
import { hasFreeSeat, seatMeterText, seatPercent, seatsProblem } from './seats';

function conflict(data: unknown, status = 409) {
  const config = { headers: {} } as InternalAxiosRequestConfig;
  const response = { status, statusText: '', data, headers: {}, config } as AxiosResponse;
  return new AxiosError('failed', 'ERR_BAD_REQUEST', config, undefined, response);
}

describe('seat meter', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('zh-CN');
  });

  it('reads 「坐席 3 · 已用 2」 in multi-agent mode', () => {
    expect(seatMeterText({ mode: 'multi', seats: 3, used: 2 }, i18n.t)).toBe('坐席 3 · 已用 2');
  });

  it('says 不限 for unlimited seats', () => {
    expect(seatMeterText({ mode: 'multi', seats: null, used: 7 }, i18n.t)).toBe('坐席 不限 · 已用 7');
  });

  it('names single-agent mode', () => {
    expect(seatMeterText({ mode: 'single', seats: 1, used: 1 }, i18n.t)).toBe('单客服模式 · 已用 1 / 1');
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    expect(seatMeterText({ mode: 'multi', seats: 3, used: 2 }, i18n.t)).toBe('3 seats · 2 in use');
    expect(seatMeterText({ mode: 'multi', seats: null, used: 2 }, i18n.t)).toBe('Unlimited seats · 2 in use');
  });

  it('measures the share in use and whether one more agent fits', () => {
    expect(seatPercent({ mode: 'multi', seats: 3, used: 2 })).toBe(67);
    expect(seatPercent({ mode: 'multi', seats: 3, used: 5 })).toBe(100);
    expect(seatPercent({ mode: 'multi', seats: null, used: 5 })).toBeNull();
    expect(hasFreeSeat({ mode: 'multi', seats: 3, used: 2 })).toBe(true);
    expect(hasFreeSeat({ mode: 'multi', seats: 3, used: 3 })).toBe(false);
    expect(hasFreeSeat({ mode: 'multi', seats: null, used: 300 })).toBe(true);
  });
});

describe('seatsProblem', () => {
  it('reads the body of a seats_exhausted answer', () => {
    const body = { statusCode: 409, error: 'Conflict', code: 'seats_exhausted', message: 'All 3 seats are in use (3 agents).', seats: 3, used: 3 };
    expect(seatsProblem(conflict(body))).toEqual(body);
  });

  it('ignores other conflicts and other errors', () => {
    expect(seatsProblem(conflict({ statusCode: 409, message: 'nickname is taken' }))).toBeNull();
    expect(seatsProblem(conflict({ code: 'seats_exhausted' }, 400))).toBeNull();
    expect(seatsProblem(new Error('boom'))).toBeNull();
  });
});
