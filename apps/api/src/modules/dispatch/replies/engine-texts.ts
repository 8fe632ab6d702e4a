import type { ReplyLanguage } from '@kefu/contracts';

/** A customer as agents see them: `#12 张三`. */
export interface CustomerLabel {
  number: number;
  nickname: string | null;
}

export interface WaitingLine extends CustomerLabel {
  waitedMs: number;
  firstWords: string;
  window: WindowMeter;
}

export interface AgentLine {
  nickname: string;
  status: 'idle' | 'hidden' | 'busy' | 'offline';
  serving: CustomerLabel | null;
}

export interface WindowMeter {
  remaining: number;
  expiresAt: Date | null;
}

/** Every line the engine writes to customers and agents, in the tenant's reply language. */
export interface EngineTexts {
  openid(openid: string): string;
  bound(agentNickname: string): string;
  lastAgent(agentNickname: string): string;
  customerLeft(customer: CustomerLabel): string;
  connected(agentNickname: string): string;
  waitingFor(agentNickname: string, ahead: number): string;
  queued(ahead: number): string;
  queueMoved(ahead: number): string;
  forwarded(customer: CustomerLabel, text: string): string;
  newCustomer(customer: CustomerLabel, text: string): string;
  pickup(customer: CustomerLabel, waitedMs: number, window: WindowMeter, waited: string[]): string;
  nothingWaiting(): string;
  queueReport(waiting: number, lines: WaitingLine[], agents: AgentLine[] | null): string;
  cleared(count: number): string;
  adminOnly(): string;
  noOfflineMessages(): string;
  offlineMessagesHeader(count: number): string;
  offlineMessageLine(customer: CustomerLabel, at: Date, text: string): string;
  noSuchCustomer(number: number): string;
  noSuchItem(ref: string): string;
  broadcastStarted(): string;
  broadcastDone(sent: number, skipped: number): string;
  hidden(): string;
  working(): string;
  off(returned: CustomerLabel | null): string;
  cacheRebuilt(items: number, agents: number): string;
  help(admin: boolean): string;
  noCurrentCustomer(waiting: number): string;
  sessionTimedOut(customer: CustomerLabel): string;
  consoleReply(customer: CustomerLabel, text: string): string;
  handedOver(customer: CustomerLabel, toAgent: string): string;
  inactiveSeat(): string;
  picture(): string;
  card(title: string): string;
  voice(): string;
  video(): string;
}

export function label(customer: CustomerLabel): string {
  return customer.nickname ? `#${customer.number} ${customer.nickname}` : `#${customer.number}`;
}

/** `03:25`, or `1:03:25` past an hour. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function hoursLeft(expiresAt: Date | null, now = Date.now()): number {
  return expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - now) / 3_600_000)) : 0;
}

function firstWords(text: string, max = 20): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

const zh: EngineTexts = {
  openid: (openid) => `您的 openid：${openid}`,
  bound: (nickname) => `绑定成功：您现在是客服「${nickname}」。发送「帮助」查看命令。`,
  lastAgent: (nickname) => `上次为您服务的客服是「${nickname}」。`,
  customerLeft: (customer) => `${label(customer)} 已离开。`,
  connected: (nickname) => `您好，客服「${nickname}」为您服务。`,
  waitingFor: (nickname, ahead) => `客服「${nickname}」正在接待其他客户，请稍候，您前面还有 ${ahead} 位。`,
  queued: (ahead) => `客服都在忙，请稍候，您前面还有 ${ahead} 位。`,
  queueMoved: (ahead) => `您前面还有 ${ahead} 位。`,
  forwarded: (customer, text) => `[${label(customer)}] ${text}`,
  newCustomer: (customer, text) => `新客户 ${label(customer)}：${text}`,
  pickup: (customer, waitedMs, window, waited) =>
    [
      `接入 ${label(customer)} · 等待 ${clock(waitedMs)} · 剩 ${window.remaining} 条 · ${hoursLeft(window.expiresAt)} 小时`,
      ...(waited.length ? ['等待时说：', ...waited.map((text, i) => `${i + 1}. ${text}`)] : []),
    ].join('\n'),
  nothingWaiting: () => '没有排队的客户，您现在空闲。',
  queueReport: (waiting, lines, agents) =>
    [
      `排队 ${waiting} 位`,
      ...lines.map((line) => `${label(line)} 等待 ${clock(line.waitedMs)} “${firstWords(line.firstWords)}” · 剩 ${line.window.remaining} 条 · ${hoursLeft(line.window.expiresAt)} 小时`),
      ...(agents
        ? ['客服：', ...agents.map((agent) => `${agent.nickname} ${zhStatus(agent.status)}${agent.serving ? ` · ${label(agent.serving)}` : ''}`)]
        : []),
    ].join('\n'),
  cleared: (count) => `已清空排队：${count} 位。`,
  adminOnly: () => '只有管理员可以使用这个命令。',
  noOfflineMessages: () => '没有未读留言。',
  offlineMessagesHeader: (count) => `未读留言 ${count} 条：`,
  offlineMessageLine: (customer, at, text) => `${label(customer)} ${formatTime(at)}：${text}`,
  noSuchCustomer: (number) => `没有 #${number} 这位客户。`,
  noSuchItem: (ref) => `知识库里没有「${ref}」。`,
  broadcastStarted: () => '正在群发，完成后告诉您结果。',
  broadcastDone: (sent, skipped) => `群发完成：发送 ${sent} 位，跳过 ${skipped} 位（发送窗口已关闭）。`,
  hidden: () => '已隐身：不会自动分配新客户，客户仍可点名找您。',
  working: () => '已上班：有客户排队时会自动接入。',
  off: (returned) => (returned ? `已下班：${label(returned)} 已回到队首。` : '已下班：不再分配客户。'),
  cacheRebuilt: (items, agents) => `缓存已生成：知识 ${items} 条，客服 ${agents} 位。`,
  help: (admin) =>
    [
      '客服命令：',
      '下一个 / p — 结束当前客户，接入下一位',
      '排队 / m — 查看排队',
      ...(admin ? ['清零 / 0 — 清空排队（管理员）'] : []),
      '看留言 — 查看未读留言',
      '@12:内容 — 发给 12 号客户；@12:3# 发知识 3',
      ...(admin ? ['@所有人 内容 — 群发（管理员）'] : []),
      '隐身 / 上班 / 下班 — 切换状态',
      '生成缓存 — 立即刷新知识库',
      '帮助 / ? — 本说明',
    ].join('\n'),
  noCurrentCustomer: (waiting) =>
    waiting > 0 ? `您当前没有接待的客户。排队 ${waiting} 位，发送「下一个」接入。` : '您当前没有接待的客户，也没有人排队。',
  sessionTimedOut: (customer) => `${label(customer)} 长时间没有消息，会话已结束。`,
  consoleReply: (customer, text) => `[后台 → ${label(customer)}] ${text}`,
  handedOver: (customer, toAgent) => `${label(customer)} 已由后台转给「${toAgent}」。`,
  inactiveSeat: () => '您的客服席位未开通，请联系管理员。',
  picture: () => '[图片]',
  card: (title) => `[小程序卡片] ${title}`,
  voice: () => '[语音]',
  video: () => '[视频]',
};

const en: EngineTexts = {
  openid: (openid) => `Your openid: ${openid}`,
  bound: (nickname) => `Bound: you are now the agent "${nickname}". Send ? for the commands.`,
  lastAgent: (nickname) => `Last time you were served by ${nickname}.`,
  customerLeft: (customer) => `${label(customer)} left.`,
  connected: (nickname) => `Hello, ${nickname} is here to help you.`,
  waitingFor: (nickname, ahead) => `${nickname} is serving another customer; please wait, ${ahead} ahead of you.`,
  queued: (ahead) => `All agents are busy; please wait, ${ahead} ahead of you.`,
  queueMoved: (ahead) => `${ahead} ahead of you.`,
  forwarded: (customer, text) => `[${label(customer)}] ${text}`,
  newCustomer: (customer, text) => `New customer ${label(customer)}: ${text}`,
  pickup: (customer, waitedMs, window, waited) =>
    [
      `Now serving ${label(customer)} · waited ${clock(waitedMs)} · ${window.remaining} left · ${hoursLeft(window.expiresAt)} h`,
      ...(waited.length ? ['While waiting:', ...waited.map((text, i) => `${i + 1}. ${text}`)] : []),
    ].join('\n'),
  nothingWaiting: () => 'Nobody is waiting; you are idle.',
  queueReport: (waiting, lines, agents) =>
    [
      `${waiting} waiting`,
      ...lines.map((line) => `${label(line)} waited ${clock(line.waitedMs)} "${firstWords(line.firstWords)}" · ${line.window.remaining} left · ${hoursLeft(line.window.expiresAt)} h`),
      ...(agents
        ? ['Agents:', ...agents.map((agent) => `${agent.nickname} ${agent.status}${agent.serving ? ` · ${label(agent.serving)}` : ''}`)]
        : []),
    ].join('\n'),
  cleared: (count) => `Queue cleared: ${count}.`,
  adminOnly: () => 'Only an admin can use this command.',
  noOfflineMessages: () => 'No unread messages.',
  offlineMessagesHeader: (count) => `${count} unread messages:`,
  offlineMessageLine: (customer, at, text) => `${label(customer)} ${formatTime(at)}: ${text}`,
  noSuchCustomer: (number) => `There is no customer #${number}.`,
  noSuchItem: (ref) => `The knowledge base has no "${ref}".`,
  broadcastStarted: () => 'Sending to everyone; you will get the result.',
  broadcastDone: (sent, skipped) => `Broadcast done: sent to ${sent}, skipped ${skipped} (window closed).`,
  hidden: () => 'Hidden: no customers are assigned to you; customers can still ask for you by name.',
  working: () => 'Available: waiting customers are assigned to you.',
  off: (returned) => (returned ? `Offline: ${label(returned)} is back at the head of the queue.` : 'Offline: no customers are assigned to you.'),
  cacheRebuilt: (items, agents) => `Cache rebuilt: ${items} items, ${agents} agents.`,
  help: (admin) =>
    [
      'Commands:',
      '下一个 / p — close the current customer, take the next',
      '排队 / m — the queue',
      ...(admin ? ['清零 / 0 — clear the queue (admin)'] : []),
      '看留言 — unread offline messages',
      '@12:text — send to customer 12; @12:3# sends item 3',
      ...(admin ? ['@所有人 text — send to everyone (admin)'] : []),
      '隐身 / 上班 / 下班 — hidden / available / offline',
      '生成缓存 — refresh the knowledge base now',
      '帮助 / ? — this list',
    ].join('\n'),
  noCurrentCustomer: (waiting) =>
    waiting > 0 ? `You have no current customer. ${waiting} waiting: send 下一个.` : 'You have no current customer and nobody is waiting.',
  sessionTimedOut: (customer) => `${label(customer)} was idle too long; the session is closed.`,
  consoleReply: (customer, text) => `[console → ${label(customer)}] ${text}`,
  handedOver: (customer, toAgent) => `${label(customer)} was handed to ${toAgent} from the console.`,
  inactiveSeat: () => 'Your agent seat is not active; ask your admin.',
  picture: () => '[picture]',
  card: (title) => `[mini-program card] ${title}`,
  voice: () => '[voice]',
  video: () => '[video]',
};

function zhStatus(status: AgentLine['status']): string {
  return { idle: '空闲', hidden: '隐身', busy: '忙碌', offline: '下班' }[status];
}

/** Beijing time, as merchants read it: `12-01 14:05`. */
function formatTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

export function engineTexts(language: ReplyLanguage): EngineTexts {
  return language === 'en' ? en : zh;
}
