import { CustomerServiceFilled, RobotOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import type { MessageAuthor, TranscriptEntry } from '@kefu/contracts';
import { Empty, Tag } from 'antd';
import dayjs from 'dayjs';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DeliveryStatus } from './DeliveryStatus';
import { MessageContent } from './MessageContent';

/** A time line above a message that comes more than this after the previous one. */
const GAP_MS = 5 * 60_000;

const AUTHOR_ICONS: Record<MessageAuthor, ReactNode> = {
  agent: <CustomerServiceFilled />,
  system: <SafetyCertificateOutlined />,
  robot: <RobotOutlined />,
  admin: <SafetyCertificateOutlined />,
};

function timeLabel(at: string): string {
  const time = dayjs(at);
  return time.isSame(dayjs(), 'day') ? time.format('HH:mm') : time.format('YYYY-MM-DD HH:mm');
}

/** The chat as bubbles: the customer on the left, what was sent to them on the right with its delivery. */
export function TranscriptView({ entries, customerName }: { entries: TranscriptEntry[]; customerName: string }) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const last = entries.at(-1)?.id;

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [last]);

  if (entries.length === 0) return <Empty className="chat__empty" description={t('conversations.noMessages')} />;

  return (
    <div className="chat" data-testid="transcript">
      {entries.map((entry, index) => {
        const previous = entries[index - 1];
        const gap = !previous || new Date(entry.at).getTime() - new Date(previous.at).getTime() > GAP_MS;
        const time = gap ? <div className="chat__time">{timeLabel(entry.at)}</div> : null;

        if (entry.direction === 'in' && entry.content.type === 'event') {
          const event = entry.content.event;
          const known = event === 'user_enter_tempsession' || event === 'subscribe';
          return (
            <Fragment key={`in-${entry.id}`}>
              {time}
              <div className="chat__note">{known ? t(`conversations.events.${event}`) : t('conversations.events.other', { event })}</div>
            </Fragment>
          );
        }

        if (entry.direction === 'in') {
          return (
            <Fragment key={`in-${entry.id}`}>
              {time}
              <div className="chat__row" data-testid="message-in">
                <div className="chat__avatar" title={customerName}>
                  <UserOutlined />
                </div>
                <div className="chat__column">
                  <div className="chat-bubble">
                    <MessageContent content={entry.content} />
                  </div>
                </div>
              </div>
            </Fragment>
          );
        }

        const author = entry.author === 'agent' && entry.agent ? entry.agent.nickname : t(`conversations.authors.${entry.author}`);
        return (
          <Fragment key={`out-${entry.id}`}>
            {time}
            <div className="chat__row chat__row--mine" data-testid="message-out">
              <div className={`chat__avatar chat__avatar--${entry.author}`} title={author}>
                {AUTHOR_ICONS[entry.author]}
              </div>
              <div className="chat__column chat__column--mine">
                <div className="chat__author">
                  {author}
                  {entry.item ? (
                    <Tag className="chat__item" variant="filled" color="blue">
                      {t('conversations.item', { number: entry.item.number, keyword: entry.item.keyword })}
                    </Tag>
                  ) : null}
                </div>
                <div className={`chat-bubble chat-bubble--mine chat-bubble--${entry.delivery.state}`}>
                  <MessageContent content={entry.content} />
                </div>
                <DeliveryStatus delivery={entry.delivery} />
              </div>
            </div>
          </Fragment>
        );
      })}
      <div ref={end} />
    </div>
  );
}
