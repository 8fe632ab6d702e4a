import { BulbOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const AGENT_COMMANDS = ['下一个 / p', '排队 / m', '清零 / 0', '看留言', '@12:文字', '@12:3#', '@所有人 文字', '隐身', '上班', '下班', '帮助 / ?'];
const CUSTOMER_WORDS = ['1 – 5', 'QQ', '客服小张', '再见'];

/** What to type: the customer's menu and words, and the agents' chat commands (C1–C11). */
export function CommandHint() {
  const { t } = useTranslation();
  return (
    <div className="sb-hint" data-testid="sandbox-hint">
      <BulbOutlined className="sb-hint__icon" />
      <div className="sb-hint__lines">
        <div>
          <Typography.Text strong>{t('sandbox.hint.customers')}</Typography.Text>
          {CUSTOMER_WORDS.map((word) => (
            <code key={word} className="sb-hint__code">
              {word}
            </code>
          ))}
          <Typography.Text type="secondary">{t('sandbox.hint.customersNote')}</Typography.Text>
        </div>
        <div>
          <Typography.Text strong>{t('sandbox.hint.agents')}</Typography.Text>
          {AGENT_COMMANDS.map((command) => (
            <code key={command} className="sb-hint__code">
              {command}
            </code>
          ))}
          <Typography.Text type="secondary">{t('sandbox.hint.agentsNote')}</Typography.Text>
        </div>
      </div>
    </div>
  );
}
