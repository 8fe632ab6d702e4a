import { SendOutlined } from '@ant-design/icons';
import { App, Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemText } from '../../tenants/useProblemMessage';
import { useReply } from '../hooks/useConversations';

const MAX_LENGTH = 2000;

/** A console admin answers the session's customer; the message goes through the outbox like an agent's. */
export function ReplyBox({ tenantId, sessionId, disabled }: { tenantId: string; sessionId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const reply = useReply(tenantId, sessionId);
  const [text, setText] = useState('');

  const send = () => {
    const value = text.trim();
    if (!value) {
      void message.warning(t('conversations.reply.empty'));
      return;
    }
    if (value.length > MAX_LENGTH) {
      void message.warning(t('conversations.reply.tooLong'));
      return;
    }
    reply.mutate(value, {
      onSuccess: () => {
        setText('');
        void message.success(t('conversations.reply.sent'));
      },
      onError: (error) => void message.error(problemText(error)),
    });
  };

  return (
    <div className="chat-reply">
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            send();
          }
        }}
        placeholder={disabled ? t('conversations.reply.closedHint') : t('conversations.reply.placeholder')}
        disabled={disabled}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={MAX_LENGTH}
        aria-label={t('conversations.reply.placeholder')}
      />
      <Button type="primary" icon={<SendOutlined />} onClick={send} loading={reply.isPending} disabled={disabled}>
        {t('conversations.reply.send')}
      </Button>
    </div>
  );
}
