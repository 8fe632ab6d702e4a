import {
  AppstoreFilled,
  CustomerServiceFilled,
  EllipsisOutlined,
  LeftOutlined,
  PictureOutlined,
  PlayCircleFilled,
  SmileOutlined,
  SoundOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnowledgeFormValues } from '../form';
import { renderPreviewText, SAMPLE_CUSTOMER } from '../preview';

/** A picture, or a grey stand-in while there is none or it cannot be loaded. */
function Picture({ src, className }: { src?: string; className: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const url = src?.trim();
  if (!url || failed === url || !/^(https?:\/\/|data:image\/)/i.test(url)) {
    return (
      <div className={`${className} kb-phone__picture-empty`} aria-hidden>
        <PictureOutlined />
      </div>
    );
  }
  return <img className={className} src={url} alt="" onError={() => setFailed(url)} />;
}

function Reply({ values, pictureSrc }: { values: Partial<KnowledgeFormValues>; pictureSrc?: string }) {
  const { t } = useTranslation();
  const picture = pictureSrc ?? values.pictureUrl;
  const render = (text?: string) => renderPreviewText(text ?? '');

  switch (values.type) {
    case 'link':
      return (
        <div className="kb-phone__card kb-phone__link" data-testid="preview-link">
          <div className="kb-phone__card-title">{render(values.title) || t('knowledge.preview.untitled')}</div>
          <div className="kb-phone__link-body">
            <div className="kb-phone__link-desc">{render(values.description) || values.url}</div>
            <Picture src={values.pictureUrl} className="kb-phone__link-thumb" />
          </div>
        </div>
      );
    case 'image':
      return <Picture src={picture} className="kb-phone__image" />;
    case 'miniprogram':
      return (
        <div className="kb-phone__card kb-phone__mini" data-testid="preview-miniprogram">
          <div className="kb-phone__mini-head">
            <span className="kb-phone__mini-logo">
              <AppstoreFilled />
            </span>
            {t('knowledge.preview.miniProgramName')}
          </div>
          <div className="kb-phone__card-title">{render(values.title) || t('knowledge.preview.untitled')}</div>
          <Picture src={picture} className="kb-phone__mini-cover" />
          <div className="kb-phone__mini-foot">
            <AppstoreFilled /> {t('knowledge.preview.miniProgram')}
          </div>
        </div>
      );
    case 'voice':
      return (
        <div className="wx-bubble kb-phone__voice">
          <SoundOutlined /> <span>6″</span>
        </div>
      );
    case 'video':
      return (
        <div className="kb-phone__video">
          <PlayCircleFilled />
          {values.title ? <span className="kb-phone__video-title">{render(values.title)}</span> : null}
        </div>
      );
    default: {
      const text = render(values.content);
      return (
        <div className="wx-bubble" data-testid="preview-text">
          {text.trim() ? text : <span className="kb-phone__placeholder">{t('knowledge.preview.empty')}</span>}
        </div>
      );
    }
  }
}

/**
 * A phone showing the item as WeChat shows it to the sample customer, after they send the keyword.
 * `pictureSrc`: the uploaded picture, shown instead of the picture address.
 */
export function PhonePreview({ values, pictureSrc }: { values: Partial<KnowledgeFormValues>; pictureSrc?: string }) {
  const { t } = useTranslation();
  const asked = values.keyword?.trim() || (values.number ? String(values.number) : '');
  return (
    <div className="kb-preview">
      <div className="kb-phone" aria-label={t('knowledge.preview.title')}>
        <div className="kb-phone__status">
          <span>9:41</span>
          <span className="kb-phone__island" />
          <span>5G ▮</span>
        </div>
        <div className="kb-phone__bar">
          <LeftOutlined />
          <span>{t('knowledge.preview.chatTitle')}</span>
          <EllipsisOutlined />
        </div>
        <div className="kb-phone__chat">
          <div className="kb-phone__time">{t('knowledge.preview.now')}</div>
          {asked ? (
            <div className="wx-row wx-row--mine">
              <div className="wx-bubble wx-bubble--mine">{asked}</div>
              <span className="wx-avatar kb-phone__avatar kb-phone__avatar--mine">
                <UserOutlined />
              </span>
            </div>
          ) : null}
          <div className="wx-row">
            <span className="wx-avatar kb-phone__avatar">
              <CustomerServiceFilled />
            </span>
            <Reply values={values} pictureSrc={pictureSrc} />
          </div>
        </div>
        <div className="kb-phone__input">
          <SoundOutlined />
          <span className="kb-phone__input-box" />
          <SmileOutlined />
        </div>
      </div>
      <div className="kb-preview__caption">
        {t('knowledge.preview.caption', { name: SAMPLE_CUSTOMER.nickname, id: SAMPLE_CUSTOMER.number })}
      </div>
    </div>
  );
}
