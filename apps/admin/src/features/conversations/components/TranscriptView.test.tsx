import type { TranscriptEntry } from '@kefu/contracts';
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import i18n from '../../../app/i18n';
import { AppProviders } from '../../../app/providers';
import { TranscriptView } from './TranscriptView';

const sent = { state: 'sent' as const, reason: null, reasonText: null, sentAt: '2026-12-01T08:00:02Z' };

const ENTRIES: TranscriptEntry[] = [
  { direction: 'in', id: '1', at: '2026-12-01T08:00:00Z', content: { type: 'event', event: 'user_enter_tempsession' }, handling: 'event' },
  { direction: 'in', id: '2', at: '2026-12-01T08:00:01Z', content: { type: 'text', text: '我的订单还没到' }, handling: 'forwarded' },
  {
    direction: 'out',
    id: '1',
    at: '2026-12-01T08:00:02Z',
    author: 'system',
    agent: null,
    content: { type: 'text', text: '张三您好，门店每天 10:00-22:00 营业' },
    item: { number: 3, keyword: '营业时间' },
    delivery: sent,
  },
  {
    direction: 'out',
    id: '2',
    at: '2026-12-01T08:00:03Z',
    author: 'agent',
    agent: { id: 'a1', nickname: 'alice' },
    content: { type: 'link', title: '退换货政策', description: '7 天无理由', url: 'https://shop.example.com/returns', pictureUrl: null },
    item: null,
    delivery: { state: 'held', reason: 'window_closed', reasonText: null, sentAt: null },
  },
  {
    direction: 'out',
    id: '3',
    at: '2026-12-01T08:00:04Z',
    author: 'admin',
    agent: null,
    content: { type: 'text', text: '送您一张优惠券' },
    item: null,
    delivery: { state: 'failed', reason: 'quota_used', reasonText: null, sentAt: null },
  },
];

describe('TranscriptView', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('zh-CN');
  });

  it('shows the customer on one side, what was sent on the other, each with its delivery', () => {
    render(
      <AppProviders>
        <TranscriptView entries={ENTRIES} customerName="#1 张三" />
      </AppProviders>,
    );
    expect(screen.getByText('客户进入了客服会话')).toBeTruthy();
    expect(within(screen.getByTestId('message-in')).getByText('我的订单还没到')).toBeTruthy();

    const outgoing = screen.getAllByTestId('message-out');
    expect(outgoing).toHaveLength(3);
    expect(outgoing[0].textContent).toContain('系统');
    expect(outgoing[0].textContent).toContain('知识库 #3 营业时间');
    expect(within(outgoing[0]).getByTestId('delivery').textContent).toBe('已发送');
    expect(outgoing[1].textContent).toContain('alice');
    expect(within(outgoing[1]).getByRole('link').getAttribute('href')).toBe('https://shop.example.com/returns');
    expect(within(outgoing[1]).getByTestId('delivery').textContent).toBe('等待窗口');
    expect(outgoing[2].textContent).toContain('管理员');
    expect(within(outgoing[2]).getByTestId('delivery').textContent).toBe('发送失败：窗口内可发送的条数已用完');
  });

  it('says so when there is nothing yet', () => {
    render(
      <AppProviders>
        <TranscriptView entries={[]} customerName="#1" />
      </AppProviders>,
    );
    expect(screen.getByText('这段会话还没有消息')).toBeTruthy();
  });
});
