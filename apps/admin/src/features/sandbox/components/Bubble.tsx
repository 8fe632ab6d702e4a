import { AppstoreFilled, LinkOutlined, PictureOutlined } from '@ant-design/icons';
import type { SandboxBubble } from '@kefu/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhoneMedia } from '../hooks/useSandbox';

function MediaPicture({ tenantId, mediaId, className }: { tenantId: string; mediaId: string | null; className: string }) {
  const { src, failed } = usePhoneMedia(tenantId, mediaId);
  if (!src) {
    return (
      <div className={`${className} sb-picture-empty${failed ? '' : ' sb-picture-empty--loading'}`} aria-hidden>
        <PictureOutlined />
      </div>
    );
  }
  return <img className={className} src={src} alt="" />;
}

function AddressPicture({ src, className }: { src: string | null; className: string }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <div className={`${className} sb-picture-empty`} aria-hidden>
        <LinkOutlined />
      </div>
    );
  }
  return <img className={className} src={src} alt="" onError={() => setFailed(true)} />;
}

/** One message as WeChat draws it: a bubble, a picture, or a link or mini-program card. */
export function Bubble({ content, mine, tenantId, appName }: { content: SandboxBubble; mine: boolean; tenantId: string; appName: string }) {
  const { t } = useTranslation();
  switch (content.type) {
    case 'text':
      return <div className={`wx-bubble${mine ? ' wx-bubble--mine' : ''}`}>{content.text}</div>;
    case 'image':
      return <MediaPicture tenantId={tenantId} mediaId={content.mediaId || null} className="sb-image" />;
    case 'link':
      return (
        <a className="sb-card sb-link" href={content.url} target="_blank" rel="noreferrer">
          <div className="sb-card__title">{content.title}</div>
          <div className="sb-link__body">
            <div className="sb-link__desc">{content.description || content.url}</div>
            <AddressPicture src={content.pictureUrl} className="sb-link__thumb" />
          </div>
        </a>
      );
    case 'miniprogram':
      return (
        <div className="sb-card sb-mini">
          <div className="sb-mini__head">
            <span className="sb-mini__logo">
              <AppstoreFilled />
            </span>
            {appName}
          </div>
          <div className="sb-card__title">{content.title}</div>
          <MediaPicture tenantId={tenantId} mediaId={content.thumbMediaId} className="sb-mini__cover" />
          <div className="sb-mini__foot">
            <AppstoreFilled /> {t('sandbox.miniProgram')}
          </div>
        </div>
      );
    case 'enter':
      return null;
    default:
      return <div className={`wx-bubble sb-bubble--other${mine ? ' wx-bubble--mine' : ''}`}>[{content.msgtype}]</div>;
  }
}
