import { ExperimentOutlined } from '@ant-design/icons';
import type { KnowledgeAnswer, KnowledgeItemView } from '@kefu/contracts';
import { Alert, Card, Input, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { useAsk } from '../hooks/useKnowledge';
import { TypeTag } from './typeMeta';

function ItemLine({ item }: { item: KnowledgeItemView }) {
  return (
    <Space size={8} wrap>
      <Typography.Text strong>#{item.number}</Typography.Text>
      <Typography.Text>{item.keyword}</Typography.Text>
      <TypeTag type={item.type} />
      {item.title ? <Typography.Text type="secondary">{item.title}</Typography.Text> : null}
    </Space>
  );
}

function Answer({ answer }: { answer: KnowledgeAnswer }) {
  const { t } = useTranslation();
  if (answer.match) {
    return (
      <Alert
        type="success"
        showIcon
        title={t('knowledge.tryIt.direct')}
        description={
          <Space orientation="vertical" size={4}>
            <ItemLine item={answer.match} />
            <Typography.Text type="secondary">{t('knowledge.tryIt.directHint')}</Typography.Text>
          </Space>
        }
      />
    );
  }
  const { item, score, confident } = answer.search;
  if (!item) return <Alert type="warning" showIcon title={t('knowledge.tryIt.none')} description={t('knowledge.tryIt.noneHint')} />;
  const percent = Math.round(score * 100);
  return (
    <Alert
      type={confident ? 'info' : 'warning'}
      showIcon
      title={confident ? t('knowledge.tryIt.robot') : t('knowledge.tryIt.unsure')}
      description={
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <ItemLine item={item} />
          <Space size={8}>
            <Typography.Text type="secondary">{t('knowledge.tryIt.score')}</Typography.Text>
            <Progress
              percent={percent}
              size={[160, 8]}
              status={confident ? 'normal' : 'exception'}
              format={() => `${percent}%`}
              style={{ width: 220, margin: 0 }}
            />
          </Space>
          {!confident ? <Typography.Text type="secondary">{t('knowledge.tryIt.unsureHint')}</Typography.Text> : null}
        </Space>
      }
    />
  );
}

/** 试一试: what the system would send for a customer's text. */
export function TryItBox() {
  const { t } = useTranslation();
  const ask = useAsk();
  const [text, setText] = useState('');

  return (
    <Card
      className="kb-try"
      size="small"
      title={
        <Space>
          <ExperimentOutlined />
          {t('knowledge.tryIt.title')}
        </Space>
      }
    >
      <div className="kb-try__row">
        <div className="kb-try__input">
          <Input.Search
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('knowledge.tryIt.placeholder')}
            enterButton={t('knowledge.tryIt.submit')}
            maxLength={500}
            loading={ask.isPending}
            aria-label={t('knowledge.tryIt.placeholder')}
            onSearch={(value) => {
              if (value.trim()) ask.mutate(value.trim());
            }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
            {t('knowledge.tryIt.hint')}
          </Typography.Text>
        </div>
        <div className="kb-try__result" data-testid="try-result" aria-live="polite">
          {ask.isError ? (
            <Alert
              type="error"
              showIcon
              title={describeProblem(ask.error).network ? t('knowledge.errors.network') : t('knowledge.tryIt.failed')}
            />
          ) : ask.data ? (
            <Answer answer={ask.data} />
          ) : null}
        </div>
      </div>
    </Card>
  );
}
