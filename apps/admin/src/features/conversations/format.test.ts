import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../app/i18n';
import { customerLabel, deliveryText, formatDuration, formatWait, previewText, reasonWords, windowMeterText, windowMeterTone } from './format';

const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');
const NOW = Date.parse('2026-12-01T08:00:00Z');
const inHours = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();

describe('window meter (I1)', () => {
  beforeAll(() => i18n.changeLanguage('zh-CN'));

  it('shows the sends left and the whole hours left', () => {
    const meter = { open: true, remaining: 3, expiresAt: inHours(31.7) };
    expect(windowMeterText(zh, meter, NOW)).toBe('剩 3 条 · 31 小时');
    expect(windowMeterText(en, meter, NOW)).toBe('3 left · 31 h');
    expect(windowMeterTone(meter, NOW)).toBe('open');
  });

  it('counts minutes in the last hour, at least one', () => {
    expect(windowMeterText(zh, { open: true, remaining: 2, expiresAt: inHours(0.4) }, NOW)).toBe('剩 2 条 · 24 分钟');
    expect(windowMeterText(en, { open: true, remaining: 1, expiresAt: inHours(0.001) }, NOW)).toBe('1 left · 1 min');
    expect(windowMeterTone({ open: true, remaining: 5, expiresAt: inHours(0.4) }, NOW)).toBe('low');
    expect(windowMeterTone({ open: true, remaining: 1, expiresAt: inHours(40) }, NOW)).toBe('low');
  });

  it('says closed when nothing is left, the time is up or there never was a window', () => {
    expect(windowMeterText(zh, { open: false, remaining: 0, expiresAt: inHours(3) }, NOW)).toBe('窗口已关闭');
    expect(windowMeterText(zh, { open: true, remaining: 4, expiresAt: inHours(-1) }, NOW)).toBe('窗口已关闭');
    expect(windowMeterText(en, { open: false, remaining: 0, expiresAt: null }, NOW)).toBe('Window closed');
    expect(windowMeterTone({ open: false, remaining: 0, expiresAt: null }, NOW)).toBe('closed');
  });
});

describe('delivery words', () => {
  const delivery = (state: 'sent' | 'held' | 'failed' | 'pending' | 'sending' | 'unconfirmed', reason: string | null = null, reasonText: string | null = null) => ({
    state,
    reason,
    reasonText,
    sentAt: null,
  });

  it('names each state', () => {
    expect(deliveryText(zh, delivery('sent'))).toEqual({ text: '已发送', tone: 'sent' });
    expect(deliveryText(zh, delivery('held', 'window_closed'))).toEqual({ text: '等待窗口', tone: 'waiting' });
    expect(deliveryText(zh, delivery('pending')).text).toBe('发送中');
    expect(deliveryText(zh, delivery('sending')).text).toBe('发送中');
    expect(deliveryText(zh, delivery('unconfirmed')).text).toBe('未确认送达');
    expect(deliveryText(en, delivery('held')).text).toBe('Waiting for the window');
  });

  it('says why a message failed, in the console’s words for the codes it knows, with WeChat’s detail', () => {
    const failed = delivery('failed', 'permanent', 'WeChat refused the message (45015 response out of time limit)');
    expect(deliveryText(zh, failed)).toEqual({ text: '发送失败：微信拒收（45015 response out of time limit）', tone: 'failed' });
    expect(deliveryText(en, failed).text).toBe('Failed: WeChat refused it (45015 response out of time limit)');
    expect(deliveryText(zh, delivery('failed', 'window_closed', "The customer's window is closed; it opens again when they write")).text).toBe(
      '发送失败：客户的发送窗口已关闭，客户再次发消息后才能送达',
    );
  });

  it('falls back to the server’s words, then the code, for reasons it does not know', () => {
    expect(reasonWords(zh, { reason: 'media_expired', reasonText: 'media expired (40007 invalid media_id)' })).toBe('media expired (40007 invalid media_id)');
    expect(reasonWords(zh, { reason: 'media_expired', reasonText: null })).toBe('media_expired');
    expect(reasonWords(zh, { reason: null, reasonText: null })).toBe('原因未知');
  });
});

describe('times and previews', () => {
  it('formats waits like 排队 does', () => {
    expect(formatWait(0)).toBe('00:00');
    expect(formatWait(185)).toBe('03:05');
    expect(formatWait(3725)).toBe('1:02:05');
  });

  it('formats durations in words', () => {
    expect(formatDuration(zh, 45)).toBe('45 秒');
    expect(formatDuration(zh, 200)).toBe('3 分 20 秒');
    expect(formatDuration(en, 3900)).toBe('1 h 5 min');
    expect(formatDuration(zh, null)).toBe('—');
  });

  it('previews a message in one line', () => {
    expect(previewText(zh, { type: 'text', text: '你好\n在吗' })).toBe('你好 在吗');
    expect(previewText(zh, { type: 'image', url: null })).toBe('[图片]');
    expect(previewText(zh, { type: 'miniprogrampage', title: '春季新品', pagePath: null, thumbUrl: null })).toBe('[小程序] 春季新品');
    expect(previewText(en, { type: 'other', msgType: 'item' })).toBe('[Knowledge item removed]');
    expect(previewText(zh, null)).toBe('');
  });

  it('labels customers by number and nickname', () => {
    expect(customerLabel({ number: 12, nickname: '张三' })).toBe('#12 张三');
    expect(customerLabel({ number: 7, nickname: null })).toBe('#7');
  });
});
