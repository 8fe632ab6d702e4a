import { InboxOutlined } from '@ant-design/icons';
import type { KnowledgeImportProblem, KnowledgeImportReport, KnowledgeTransferFormat } from '@kefu/contracts';
import { Alert, App, Button, Input, Modal, Radio, Segmented, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { detectFormat } from '../form';
import { useImport } from '../hooks/useKnowledge';

type Source = 'file' | 'paste';

/** The form's label for a field the api names in its report. */
const FIELD_LABELS = {
  number: 'knowledge.fields.number',
  keyword: 'knowledge.fields.keyword',
  type: 'knowledge.fields.type',
  title: 'knowledge.fields.title',
  content: 'knowledge.fields.content',
  description: 'knowledge.fields.description',
  url: 'knowledge.fields.url',
  link: 'knowledge.fields.url',
  pagePath: 'knowledge.fields.pagePath',
  pictureUrl: 'knowledge.fields.pictureUrl',
  agentId: 'knowledge.fields.agent',
  file: 'knowledge.import.wholeFile',
} as const;

const CSV_SAMPLE = '数字id,关键字,类型,标题,链接地址,图片\n1,营业时间,文本,您好 [name]，我们每天 9:00–21:00 营业,,';

export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useImport();
  const [source, setSource] = useState<Source>('file');
  const [format, setFormat] = useState<KnowledgeTransferFormat>('csv');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileText, setFileText] = useState('');
  const [pasted, setPasted] = useState('');
  const [report, setReport] = useState<KnowledgeImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const text = source === 'file' ? fileText : pasted;

  function reset() {
    setSource('file');
    setFormat('csv');
    setFileName(null);
    setFileText('');
    setPasted('');
    setReport(null);
    setError(null);
    run.reset();
  }

  function close() {
    reset();
    onClose();
  }

  function changed() {
    setReport(null);
    setError(null);
  }

  function go(dryRun: boolean) {
    setError(null);
    run.mutate(
      { format, text, dryRun },
      {
        onSuccess: (result) => {
          setReport(result);
          if (!result.dryRun) {
            void message.success(t('knowledge.import.done', { created: result.created, updated: result.updated }));
          }
        },
        onError: (failure) => {
          const problem = describeProblem(failure);
          setError(problem.network ? t('knowledge.errors.network') : problem.messages.join('; ') || t('knowledge.import.failed'));
        },
      },
    );
  }

  const imported = report !== null && !report.dryRun;
  const accepted = report ? report.created + report.updated : 0;

  const fieldLabel = (field: string) =>
    Object.hasOwn(FIELD_LABELS, field) ? t(FIELD_LABELS[field as keyof typeof FIELD_LABELS]) : field;

  const columns = [
    {
      title: t('knowledge.import.row'),
      dataIndex: 'row',
      width: 80,
      render: (row: number) => (row === 0 ? t('knowledge.import.wholeFile') : row),
    },
    {
      title: t('knowledge.import.field'),
      dataIndex: 'field',
      width: 140,
      render: (field: string) => <Tag>{fieldLabel(field)}</Tag>,
    },
    { title: t('knowledge.import.reason'), dataIndex: 'message' },
  ];

  return (
    <Modal
      open={open}
      onCancel={close}
      width={760}
      title={t('knowledge.import.title')}
      destroyOnHidden
      footer={
        imported ? (
          <Button type="primary" onClick={close}>
            {t('knowledge.import.finish')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('knowledge.actions.cancel')}</Button>
            <Button disabled={!text.trim()} loading={run.isPending && run.variables?.dryRun} onClick={() => go(true)}>
              {t('knowledge.import.dryRun')}
            </Button>
            <Button
              type="primary"
              disabled={!report || accepted === 0}
              loading={run.isPending && !run.variables?.dryRun}
              onClick={() => go(false)}
            >
              {report ? t('knowledge.import.submitCount', { count: accepted }) : t('knowledge.import.submit')}
            </Button>
          </Space>
        )
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {!imported ? (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('knowledge.import.hint')}
            </Typography.Paragraph>
            <Space wrap size={16}>
              <Segmented<Source>
                value={source}
                onChange={(value) => {
                  setSource(value);
                  changed();
                }}
                options={[
                  { value: 'file', label: t('knowledge.import.fromFile') },
                  { value: 'paste', label: t('knowledge.import.fromPaste') },
                ]}
              />
              <Space size={8}>
                <Typography.Text type="secondary">{t('knowledge.import.format')}</Typography.Text>
                <Radio.Group
                  value={format}
                  onChange={(event) => {
                    setFormat(event.target.value as KnowledgeTransferFormat);
                    changed();
                  }}
                  options={[
                    { value: 'csv', label: 'CSV' },
                    { value: 'json', label: 'JSON' },
                  ]}
                />
              </Space>
            </Space>
            {source === 'file' ? (
              <Upload.Dragger
                accept=".csv,.json,.txt"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then((content) => {
                    setFileName(file.name);
                    setFileText(content);
                    setFormat(detectFormat(file.name, true));
                    changed();
                  });
                  return Upload.LIST_IGNORE;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{fileName ?? t('knowledge.import.dropFile')}</p>
                <p className="ant-upload-hint">{fileName ? t('knowledge.import.chooseAnother') : t('knowledge.import.fileTypes')}</p>
              </Upload.Dragger>
            ) : (
              <Input.TextArea
                value={pasted}
                aria-label={t('knowledge.import.pasteLabel')}
                onChange={(event) => {
                  const value = event.target.value;
                  setPasted(value);
                  if (value.trim()) setFormat(detectFormat(value, false));
                  changed();
                }}
                autoSize={{ minRows: 6, maxRows: 12 }}
                placeholder={CSV_SAMPLE}
                style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
              />
            )}
          </>
        ) : null}

        {error ? <Alert type="error" showIcon title={error} /> : null}

        {report ? (
          <div data-testid="import-report">
            <Alert
              type={report.refused ? 'warning' : 'success'}
              showIcon
              title={
                imported
                  ? t('knowledge.import.importedTitle')
                  : report.refused
                    ? t('knowledge.import.checkedWithProblems', { count: report.refused })
                    : t('knowledge.import.checkedOk')
              }
              description={imported ? undefined : t('knowledge.import.checkedHint')}
              style={{ marginBottom: 16 }}
            />
            <Space size={40} style={{ marginBottom: 16 }}>
              <Statistic title={t('knowledge.import.rows')} value={report.rows} />
              <Statistic title={t('knowledge.import.created')} value={report.created} styles={{ content: { color: '#389e0d' } }} />
              <Statistic title={t('knowledge.import.updated')} value={report.updated} styles={{ content: { color: '#1f5eff' } }} />
              <Statistic
                title={t('knowledge.import.refused')}
                value={report.refused}
                styles={{ content: { color: report.refused ? '#cf1322' : undefined } }}
              />
            </Space>
            {report.ignoredColumns.length ? (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('knowledge.import.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}
              />
            ) : null}
            {report.problems.length ? (
              <Table<KnowledgeImportProblem>
                size="small"
                rowKey={(problem) => `${problem.row}-${problem.field}-${problem.message}`}
                columns={columns}
                dataSource={report.problems}
                pagination={report.problems.length > 8 ? { pageSize: 8, size: 'small' } : false}
              />
            ) : null}
          </div>
        ) : null}
      </Space>
    </Modal>
  );
}
