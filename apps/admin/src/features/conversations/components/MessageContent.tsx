import { AppstoreFilled, LinkOutlined, PictureOutlined, PlayCircleFilled, SoundOutlined } from '@ant-design/icons';
import type { TranscriptContent } from '@kefu/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const isWebAddress = (url: string | null): url is string => !!url && /^https?:\/\//i.test(url);
/** Pictures also come inline (`data:image/…`), which an img element shows without running anything. */
const isPictureAddress = (url: string | null): url is string => isWebAddress(url) || (!!url && /^data:image\//i.test(url));

function Picture({ url, className }: { url: string | null; className: string }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (!isPictureAddress(url) || failed) {
    return (
      <div className={`${className} chat-picture--empty`} role="img" aria-label={t('conversations.content.imageMissing')}>
        <PictureOutlined />
      </div>
    );
  }
  return <img className={className} src={url} alt={t('conversations.content.imageMissing')} loading="lazy" onError={() => setFailed(true)} />;
}

/** A message's content as the customer's phone shows it: text, picture, link card, mini-program card… */
export function MessageContent({ content }: { content: TranscriptContent }) {
  const { t } = useTranslation();
  switch (content.type) {
    case 'text':
      return <div className="chat-bubble__text">{content.text}</div>;
    case 'image':
      return <Picture url={content.url} className="chat-picture" />;
    case 'link': {
      const body = (
        <>
          <div className="chat-card__title">{content.title}</div>
          <div className="chat-card__body">
            <div className="chat-card__desc">{content.description || content.url}</div>
            <Picture url={content.pictureUrl} className="chat-card__thumb" />
          </div>
        </>
      );
      return isWebAddress(content.url) ? (
        <a className="chat-card chat-card--link" href={content.url} target="_blank" rel="noopener noreferrer" title={t('conversations.content.open')}>
          {body}
        </a>
      ) : (
        <div className="chat-card chat-card--link">{body}</div>
      );
    }
    case 'miniprogrampage':
      return (
        <div className="chat-card chat-card--mini" data-testid="mini-card">
          <div className="chat-card__mini-head">
            <AppstoreFilled /> {t('conversations.content.miniprogramName')}
          </div>
          <div className="chat-card__title">{content.title}</div>
          <Picture url={content.thumbUrl} className="chat-card__cover" />
          {content.pagePath ? (
            <div className="chat-card__foot">
              <LinkOutlined /> {content.pagePath}
            </div>
          ) : null}
        </div>
      );
    case 'voice':
      return (
        <div className="chat-bubble__text">
          <SoundOutlined /> {content.recognition ?? t('conversations.content.voice')}
        </div>
      );
    case 'video':
      return (
        <div className="chat-bubble__text">
          <PlayCircleFilled /> {content.title ?? t('conversations.content.video')}
        </div>
      );
    case 'event':
      return <span>{t('conversations.content.event')}</span>;
    default:
      return (
        <div className="chat-bubble__text chat-bubble__text--muted">
          {content.msgType === 'item' ? t('conversations.content.itemRemoved') : `[${content.msgType}]`}
        </div>
      );
  }
}
