import type { KnowledgeItemView } from '@kefu/contracts';
import { PictureOutlined } from '@ant-design/icons';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMediaDataUrl } from '../hooks/useKnowledge';

const TOKEN = /(\[name\]|\[id\]|\{br\}|\(br\))/giu;

/** Text with its placeholders marked, on one line. */
function Template({ text }: { text: string }) {
  const parts = text.replace(/\s*\n\s*/g, ' ').split(TOKEN);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <span key={index} className="kb-placeholder-token">
            {part}
          </span>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** A small picture, or a grey stand-in when it cannot be loaded. */
function Thumb({ src }: { src: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span className="kb-summary__thumb kb-summary__thumb--empty" aria-hidden>
        <PictureOutlined />
      </span>
    );
  }
  return <img className="kb-summary__thumb" src={src} alt="" loading="lazy" onError={() => setFailed(true)} />;
}

/** An uploaded picture (read with the sign-in, so not by address). */
function UploadedThumb({ mediaId }: { mediaId: string }) {
  const src = useMediaDataUrl(mediaId);
  if (!src) {
    return (
      <span className="kb-summary__thumb kb-summary__thumb--empty" aria-hidden>
        <PictureOutlined />
      </span>
    );
  }
  return <img className="kb-summary__thumb" src={src} alt="" />;
}

/** What an item sends, in one or two short lines, for the list. */
export function ItemSummary({ item }: { item: KnowledgeItemView }) {
  const { t } = useTranslation();
  let main: React.ReactNode;
  let sub: React.ReactNode = null;
  switch (item.type) {
    case 'text':
      main = <Template text={item.content} />;
      break;
    case 'link':
      main = item.title;
      sub = item.url;
      break;
    case 'image':
      main = item.title || t('knowledge.types.image');
      sub = item.mediaAssetId ? null : item.pictureUrl;
      break;
    case 'miniprogram':
      main = item.title;
      sub = item.pagePath;
      break;
    default:
      main = item.title || t(`knowledge.types.${item.type}`);
      sub = t('knowledge.list.officialOnly');
  }
  const uploaded = (item.type === 'image' || item.type === 'miniprogram') && item.mediaAssetId ? item.mediaAssetId : null;
  const thumb = item.type !== 'text' && item.pictureUrl ? item.pictureUrl : null;
  return (
    <div className="kb-summary">
      {uploaded ? <UploadedThumb mediaId={uploaded} /> : thumb ? <Thumb key={thumb} src={thumb} /> : null}
      <div className="kb-summary__text">
        <span className="kb-summary__main" title={item.type === 'text' ? item.content : item.title}>
          {main}
        </span>
        {sub ? <span className="kb-summary__sub">{sub}</span> : null}
      </div>
    </div>
  );
}
