import type { KnowledgeItemType, KnowledgeItemView, MediaKind } from '@kefu/contracts';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Tag, Tooltip } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { AxiosError } from 'axios';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import {
  EMPTY_FORM,
  FIELDS_BY_TYPE,
  itemToForm,
  MEDIA_KIND_BY_TYPE,
  readConflict,
  readProblems,
  REQUIRED_BY_TYPE,
  toCreateRequest,
  toUpdateRequest,
  type KnowledgeFormValues,
} from '../form';
import { useAgents, useMediaDataUrl, useSaveItem } from '../hooks/useKnowledge';
import { MAX_TEXT_BYTES, textBytes } from '../preview';
import { MediaUpload } from './MediaUpload';
import { PhonePreview } from './PhonePreview';
import { TYPE_META, TYPE_ORDER } from './typeMeta';

const FORM_FIELDS = new Set([
  'number',
  'keyword',
  'type',
  'title',
  'content',
  'description',
  'url',
  'pagePath',
  'pictureUrl',
  'mediaAssetId',
  'agentId',
]);
const TOKENS = ['[name]', '[id]', '{br}'] as const;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;
const PAGE_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*(\?[^\s#]*)?$/;
/** Digits only, half- or full-width: a customer sending that asks for an item number. */
const DIGITS_ONLY = /^[0-9０-９]+$/;

/** Mount it (with a key per item) to open it; it starts from the item or a new one of the given type. */
interface KnowledgeEditorProps {
  /** The item to change, or null for a new one. */
  item: KnowledgeItemView | null;
  /** The type a new item starts with. */
  initialType?: KnowledgeItemType;
  onClose: () => void;
}

export function KnowledgeEditor({ item, initialType, onClose }: KnowledgeEditorProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<KnowledgeFormValues>();
  const values = Form.useWatch([], { form, preserve: true }) as KnowledgeFormValues | undefined;
  const save = useSaveItem();
  const agents = useAgents();
  const [generalError, setGeneralError] = useState<string[]>([]);
  const contentRef = useRef<TextAreaRef>(null);
  /** The file each media kind had, so switching the type back and forth keeps an upload. */
  const filesByKind = useRef<Partial<Record<MediaKind, string | null>>>({});

  const type: KnowledgeItemType = values?.type ?? item?.type ?? initialType ?? 'text';
  const shown = FIELDS_BY_TYPE[type];
  const required = (field: (typeof shown)[number]) => REQUIRED_BY_TYPE[type].includes(field);
  const bytes = textBytes(values?.content ?? '');
  const mediaKind = MEDIA_KIND_BY_TYPE[type];
  const mediaAssetId = mediaKind ? (values?.mediaAssetId ?? null) : null;
  const uploadedPicture = useMediaDataUrl(mediaKind === 'image' ? mediaAssetId : null);

  function insertToken(token: string) {
    const area = contentRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('content') ?? '';
    const start = area?.selectionStart ?? current.length;
    const end = area?.selectionEnd ?? current.length;
    form.setFieldValue('content', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function showError(error: unknown) {
    const problem = describeProblem(error);
    if (problem.status === 409) {
      const conflict = problem.messages.map(readConflict).find((found) => found !== null);
      if (conflict) {
        const key = conflict.field === 'number' ? 'numberTaken' : 'keywordTaken';
        const text = conflict.owner
          ? t(`knowledge.errors.${key}By`, { value: conflict.value, owner: conflict.owner })
          : t(`knowledge.errors.${key}`, { value: conflict.value });
        form.setFields([{ name: conflict.field, errors: [text] }]);
        return;
      }
    }
    if (problem.status === 400) {
      const problems = readProblems(error instanceof AxiosError ? error.response?.data : undefined);
      const onFields = problems.filter((entry) => FORM_FIELDS.has(entry.field));
      if (onFields.length) {
        form.setFields(onFields.map((entry) => ({ name: entry.field as keyof KnowledgeFormValues, errors: [entry.message] })));
      }
      const rest = problems.filter((entry) => !FORM_FIELDS.has(entry.field)).map((entry) => entry.message);
      if (rest.length || !problems.length) setGeneralError(rest.length ? rest : problem.messages);
      return;
    }
    setGeneralError([
      problem.network ? t('knowledge.errors.network') : problem.messages[0] ?? t('knowledge.errors.saveFailed'),
    ]);
  }

  async function submit() {
    setGeneralError([]);
    const valid = await form.validateFields().catch(() => null);
    if (!valid) return;
    const all = { ...form.getFieldsValue(true), ...valid } as KnowledgeFormValues;
    save.mutate(item ? { id: item.id, update: toUpdateRequest(all) } : { create: toCreateRequest(all) }, {
      onSuccess: (saved) => {
        void message.success(
          item ? t('knowledge.editor.updated', { number: saved.number }) : t('knowledge.editor.created', { number: saved.number }),
        );
        onClose();
      },
      onError: showError,
    });
  }

  const urlRule = { pattern: HTTP_URL, message: t('knowledge.editor.urlInvalid') };

  return (
    <Drawer
      open
      onClose={onClose}
      size={1040}
      destroyOnHidden
      title={item ? t('knowledge.editor.editTitle', { number: item.number }) : t('knowledge.editor.newTitle')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('knowledge.actions.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="knowledge-save">
            {t('knowledge.actions.save')}
          </Button>
        </Space>
      }
    >
      <div className="kb-editor">
        <Form
          form={form}
          layout="vertical"
          className="kb-editor__form"
          initialValues={item ? itemToForm(item) : { ...EMPTY_FORM, type: initialType ?? 'text' }}
          onFinish={() => void submit()}
          onValuesChange={(changed: Partial<KnowledgeFormValues>) => {
            if (!changed.type) return;
            const from = MEDIA_KIND_BY_TYPE[type];
            const to = MEDIA_KIND_BY_TYPE[changed.type];
            if (from === to) return;
            if (from) filesByKind.current[from] = form.getFieldValue('mediaAssetId') ?? null;
            form.setFieldValue('mediaAssetId', to ? (filesByKind.current[to] ?? null) : null);
          }}
        >
          {generalError.length ? (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} title={generalError.join('; ')} />
          ) : null}
          <Form.Item name="type" label={t('knowledge.fields.type')}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {TYPE_ORDER.map((value) => (
                <Radio.Button key={value} value={value}>
                  <Space size={6}>
                    {TYPE_META[value].icon}
                    {t(`knowledge.types.${value}`)}
                  </Space>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          {type === 'voice' || type === 'video' ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('knowledge.editor.officialOnly')} />
          ) : null}
          <div className="kb-editor__pair">
            <Form.Item
              name="number"
              label={t('knowledge.fields.number')}
              tooltip={t('knowledge.editor.numberHint')}
              style={{ flex: '0 0 180px' }}
            >
              <InputNumber
                min={1}
                max={999999999}
                precision={0}
                style={{ width: '100%' }}
                placeholder={t('knowledge.editor.numberAuto')}
              />
            </Form.Item>
            <Form.Item
              name="keyword"
              label={t('knowledge.fields.keyword')}
              tooltip={t('knowledge.editor.keywordHint')}
              style={{ flex: 1 }}
              rules={[
                { required: true, whitespace: true, message: t('knowledge.editor.keywordRequired') },
                { max: 64, message: t('knowledge.editor.tooLong', { max: 64 }) },
                {
                  validator: (_, value: string | undefined) =>
                    value && DIGITS_ONLY.test(value.trim())
                      ? Promise.reject(new Error(t('knowledge.editor.keywordDigits')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input placeholder={t('knowledge.editor.keywordPlaceholder')} maxLength={64} />
            </Form.Item>
          </div>

          {mediaKind === 'voice' || mediaKind === 'video' ? (
            <Form.Item
              name="mediaAssetId"
              label={t(`knowledge.fields.${mediaKind}File`)}
              rules={[{ required: true, message: t(`knowledge.editor.${mediaKind}Required`) }]}
            >
              <MediaUpload kind={mediaKind} />
            </Form.Item>
          ) : null}

          {shown.includes('title') ? (
            <Form.Item
              name="title"
              label={t('knowledge.fields.title')}
              rules={[{ required: required('title'), whitespace: true, message: t('knowledge.editor.titleRequired') }]}
            >
              <Input maxLength={64} showCount placeholder={t('knowledge.editor.titlePlaceholder')} />
            </Form.Item>
          ) : null}

          {shown.includes('content') ? (
            <Form.Item
              label={t('knowledge.fields.content')}
              required
              extra={
                <div className="kb-editor__tokens">
                  <span>{t('knowledge.editor.tokensHint')}</span>
                  {TOKENS.map((token) => (
                    <Tooltip key={token} title={t(`knowledge.editor.token.${token === '[name]' ? 'name' : token === '[id]' ? 'id' : 'br'}`)}>
                      <Tag onClick={() => insertToken(token)}>{token}</Tag>
                    </Tooltip>
                  ))}
                  <span className={`kb-editor__bytes${bytes > MAX_TEXT_BYTES ? ' kb-editor__bytes--over' : ''}`}>
                    {t('knowledge.editor.bytes', { bytes, max: MAX_TEXT_BYTES })}
                  </span>
                </div>
              }
            >
              <Form.Item
                name="content"
                noStyle
                rules={[
                  { required: true, whitespace: true, message: t('knowledge.editor.contentRequired') },
                  {
                    validator: (_, value: string | undefined) =>
                      textBytes(value ?? '') > MAX_TEXT_BYTES
                        ? Promise.reject(new Error(t('knowledge.editor.contentTooLong', { max: MAX_TEXT_BYTES })))
                        : Promise.resolve(),
                  },
                ]}
              >
                <Input.TextArea
                  ref={contentRef}
                  autoSize={{ minRows: 6, maxRows: 14 }}
                  placeholder={t('knowledge.editor.contentPlaceholder')}
                  aria-label={t('knowledge.fields.content')}
                />
              </Form.Item>
            </Form.Item>
          ) : null}

          {shown.includes('description') ? (
            <Form.Item name="description" label={t('knowledge.fields.description')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={512} showCount />
            </Form.Item>
          ) : null}

          {shown.includes('url') ? (
            <Form.Item
              name="url"
              label={t('knowledge.fields.url')}
              rules={[{ required: required('url'), message: t('knowledge.editor.urlRequired') }, urlRule]}
            >
              <Input placeholder="https://shop.example.com/page" maxLength={2048} />
            </Form.Item>
          ) : null}

          {shown.includes('pagePath') ? (
            <Form.Item
              name="pagePath"
              label={t('knowledge.fields.pagePath')}
              tooltip={t('knowledge.editor.pagePathHint')}
              rules={[
                { required: true, message: t('knowledge.editor.pagePathRequired') },
                {
                  validator: (_, value: string | undefined) => {
                    const path = value?.trim();
                    if (!path || PAGE_PATH.test(path)) return Promise.resolve();
                    return Promise.reject(
                      new Error(t(path.startsWith('/') ? 'knowledge.editor.pagePathSlash' : 'knowledge.editor.pagePathInvalid')),
                    );
                  },
                },
              ]}
            >
              <Input placeholder="pages/index/index?x=1" maxLength={512} />
            </Form.Item>
          ) : null}

          {shown.includes('pictureUrl') ? (
            <Form.Item
              label={t(mediaKind === 'image' ? 'knowledge.fields.picture' : type === 'video' ? 'knowledge.fields.cover' : 'knowledge.fields.pictureUrl')}
              required={required('pictureUrl')}
              extra={t(mediaKind === 'image' ? 'knowledge.editor.pictureEither' : type === 'video' ? 'knowledge.editor.coverHint' : 'knowledge.editor.pictureLink')}
            >
              {mediaKind === 'image' ? (
                <Form.Item name="mediaAssetId" noStyle>
                  <MediaUpload kind="image" />
                </Form.Item>
              ) : null}
              <Form.Item
                name="pictureUrl"
                noStyle
                hidden={mediaKind === 'image' && !!mediaAssetId}
                rules={[
                  {
                    required: required('pictureUrl') && !(mediaKind === 'image' && mediaAssetId),
                    message: t('knowledge.editor.pictureRequired'),
                  },
                  urlRule,
                ]}
              >
                <Input
                  placeholder="https://cdn.example.com/picture.jpg"
                  maxLength={2048}
                  aria-label={t('knowledge.fields.pictureUrl')}
                  className={mediaKind === 'image' ? 'kb-media__address' : undefined}
                />
              </Form.Item>
            </Form.Item>
          ) : null}

          <Form.Item name="agentId" label={t('knowledge.fields.agent')} extra={t('knowledge.editor.agentHint')}>
            <Select
              allowClear
              loading={agents.isLoading}
              placeholder={t('knowledge.editor.agentNone')}
              options={(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.nickname }))}
              notFoundContent={t('knowledge.editor.agentEmpty')}
            />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
        <aside className="kb-editor__side">
          <PhonePreview values={values ?? {}} pictureSrc={uploadedPicture} />
        </aside>
      </div>
    </Drawer>
  );
}
