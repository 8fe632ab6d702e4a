import { CustomerServiceFilled, EllipsisOutlined, LeftOutlined, PictureOutlined, SendOutlined, UserOutlined } from '@ant-design/icons';
import type { SandboxMessage, SandboxPhone } from '@kefu/contracts';
import { Button, Input, Tag, Tooltip } from 'antd';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bubble } from './Bubble';

/** WeChat shows the time again after a pause of a few minutes. */
const TIME_GAP_MS = 3 * 60_000;

const QUICK: Record<SandboxPhone['role'], string[]> = {
  customer: ['1', '2', '4', '5', '你好', '再见'],
  agent: ['下一个', '排队', '看留言', '帮助'],
};

function clock(at: string, language: string): string {
  return new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' });
}

function showsTime(messages: SandboxMessage[], index: number): boolean {
  if (index === 0) return true;
  return new Date(messages[index]!.at).getTime() - new Date(messages[index - 1]!.at).getTime() > TIME_GAP_MS;
}

export interface PhoneProps {
  phone: SandboxPhone;
  tenantId: string;
  appName: string;
  /** Resolves once the relay accepted the push. */
  onSend: (input: { text?: string; picture?: boolean }) => Promise<void>;
}

/** One person's phone in the mini-program's customer-service chat, with an input box under it. */
export function Phone({ phone, tenantId, appName, onSend }: PhoneProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const chat = useRef<HTMLDivElement>(null);
  const count = phone.messages.length;

  useEffect(() => {
    const element = chat.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [count]);

  const send = async (input: { text?: string; picture?: boolean }) => {
    setSending(true);
    try {
      await onSend(input);
      if (input.text !== undefined && input.text === draft) setDraft('');
    } catch {
      // The page reports the error; the draft stays for another try.
    } finally {
      setSending(false);
    }
  };
  const submit = () => {
    if (draft.trim()) void send({ text: draft });
  };

  const agent = phone.role === 'agent';
  return (
    <section className={`sb-device sb-device--${phone.role}`} data-phone={phone.name} aria-label={phone.name}>
      <div className="sb-device__owner">
        <span className={`sb-device__badge sb-device__badge--${phone.role}`}>{agent ? <CustomerServiceFilled /> : <UserOutlined />}</span>
        <span className="sb-device__name">{phone.name}</span>
        {phone.number !== null ? <span className="sb-device__number">#{phone.number}</span> : null}
        <Tag className="sb-device__role" color={agent ? 'blue' : 'green'}>
          {agent ? (phone.isAdmin ? t('sandbox.roles.admin') : t('sandbox.roles.agent')) : t('sandbox.roles.customer')}
        </Tag>
      </div>
      <div className="sb-phone">
        <div className="sb-phone__status">
          <span>9:41</span>
          <span className="sb-phone__island" />
          <span>5G ▮</span>
        </div>
        <div className="sb-phone__bar">
          <LeftOutlined />
          <span className="sb-phone__title">{appName}</span>
          <EllipsisOutlined />
        </div>
        <div className="sb-phone__chat" ref={chat} data-testid="chat">
          {count === 0 ? <div className="sb-phone__empty">{agent ? t('sandbox.emptyAgent') : t('sandbox.emptyCustomer')}</div> : null}
          {phone.messages.map((message, index) => {
            const mine = message.direction === 'sent';
            return (
              <Fragment key={message.id}>
                {showsTime(phone.messages, index) ? <div className="sb-phone__time">{clock(message.at, i18n.language)}</div> : null}
                {message.content.type === 'enter' ? (
                  <div className="sb-phone__note">{t('sandbox.entered')}</div>
                ) : (
                  <div className={`wx-row${mine ? ' wx-row--mine' : ''}`} data-direction={message.direction}>
                    {mine ? null : (
                      <span className="wx-avatar sb-avatar sb-avatar--app">
                        <CustomerServiceFilled />
                      </span>
                    )}
                    <Bubble content={message.content} mine={mine} tenantId={tenantId} appName={appName} />
                    {mine ? <span className={`wx-avatar sb-avatar sb-avatar--${phone.role}`}>{[...phone.name].at(agent ? -1 : 0)}</span> : null}
                  </div>
                )}
              </Fragment>
            );
          })}
        </div>
        <div className="sb-phone__quick">
          {QUICK[phone.role].map((text) => (
            <button key={text} type="button" className="sb-chip" disabled={sending} onClick={() => void send({ text })}>
              {text}
            </button>
          ))}
        </div>
        <div className="sb-phone__input">
          <Tooltip title={t('sandbox.sendPicture')}>
            <Button
              type="text"
              size="small"
              icon={<PictureOutlined />}
              aria-label={t('sandbox.sendPicture')}
              disabled={sending}
              onClick={() => void send({ picture: true })}
            />
          </Tooltip>
          <Input
            size="small"
            value={draft}
            placeholder={agent ? t('sandbox.placeholderAgent') : t('sandbox.placeholderCustomer')}
            onChange={(event) => setDraft(event.target.value)}
            onPressEnter={submit}
            aria-label={t('sandbox.inputLabel', { name: phone.name })}
          />
          <Button
            type="primary"
            size="small"
            className="sb-phone__send"
            icon={<SendOutlined />}
            loading={sending}
            disabled={!draft.trim()}
            onClick={submit}
            aria-label={t('sandbox.send')}
          />
        </div>
      </div>
    </section>
  );
}
