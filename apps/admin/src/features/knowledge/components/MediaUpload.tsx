import { CustomerServiceOutlined, DeleteOutlined, PictureOutlined, UploadOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { MEDIA_LIMITS, type MediaKind } from '@kefu/contracts';
import { App, Button, Progress, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeProblem } from '../../../app/errors';
import { useMediaAsset, useMediaDataUrl, useUploadMedia } from '../hooks/useKnowledge';
import { MediaStates } from './MediaStates';

const ACCEPT: Record<MediaKind, string> = {
  image: '.jpg,.jpeg,.png,image/jpeg,image/png',
  voice: '.amr,.mp3,audio/amr,audio/mpeg',
  video: '.mp4,video/mp4',
};
const EXTENSIONS: Record<MediaKind, RegExp> = { image: /\.(jpe?g|png)$/i, voice: /\.(amr|mp3)$/i, video: /\.mp4$/i };
const ICONS: Record<MediaKind, React.ReactNode> = {
  image: <PictureOutlined />,
  voice: <CustomerServiceOutlined />,
  video: <VideoCameraOutlined />,
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

interface MediaUploadProps {
  kind: MediaKind;
  /** The uploaded file's id (a form value). */
  value?: string | null;
  onChange?: (value: string | null) => void;
}

/**
 * Uploads one file for an item and shows it with its WeChat media id on each channel. Checks
 * WeChat's format and size limits before sending anything; the api checks them again.
 */
export function MediaUpload({ kind, value, onChange }: MediaUploadProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadMedia();
  const asset = useMediaAsset(value);
  const preview = useMediaDataUrl(kind === 'image' ? value : null);
  const [progress, setProgress] = useState<number | null>(null);
  const limit = MEDIA_LIMITS[kind];
  const formats = limit.formats.join(' / ');

  function check(file: File): boolean {
    const type = t(`knowledge.media.kind.${kind}`);
    if (!EXTENSIONS[kind].test(file.name) && !limit.contentTypes.includes(file.type)) {
      void message.error(t('knowledge.media.wrongFormat', { name: file.name, type, formats }));
      return false;
    }
    if (file.size > limit.bytes) {
      void message.error(
        t('knowledge.media.tooLarge', { name: file.name, size: formatBytes(file.size), type, max: formatBytes(limit.bytes) }),
      );
      return false;
    }
    return true;
  }

  return (
    <div className="kb-media" data-testid={`media-upload-${kind}`}>
      {value && asset.data ? (
        <div className="kb-media__file">
          {kind === 'image' && preview ? (
            <img className="kb-media__thumb" src={preview} alt="" />
          ) : (
            <span className="kb-media__thumb kb-media__thumb--icon" aria-hidden>
              {ICONS[kind]}
            </span>
          )}
          <div className="kb-media__info">
            <Space size={8}>
              <Typography.Text strong ellipsis className="kb-media__name">
                {asset.data.filename}
              </Typography.Text>
              <Typography.Text type="secondary">{formatBytes(asset.data.size)}</Typography.Text>
            </Space>
            <MediaStates channels={asset.data.channels} />
          </div>
          <Button
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('knowledge.media.remove')}
            title={t('knowledge.media.remove')}
            onClick={() => onChange?.(null)}
          />
        </div>
      ) : value && asset.isError ? (
        <Typography.Text type="danger">{t('knowledge.media.gone')}</Typography.Text>
      ) : null}
      <Space align="center" wrap>
        <Upload
          accept={ACCEPT[kind]}
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => (check(file) ? true : Upload.LIST_IGNORE)}
          customRequest={({ file, onSuccess, onError }) => {
            setProgress(0);
            upload.mutate(
              { file: file as File, kind, onProgress: setProgress },
              {
                onSuccess: (stored) => {
                  onChange?.(stored.id);
                  onSuccess?.(stored);
                },
                onError: (error) => {
                  const problem = describeProblem(error);
                  void message.error(
                    problem.network ? t('knowledge.errors.network') : (problem.messages[0] ?? t('knowledge.media.uploadFailed')),
                  );
                  onError?.(error as Error);
                },
                onSettled: () => setProgress(null),
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid={`media-upload-button-${kind}`}>
            {value ? t('knowledge.media.replace') : t(`knowledge.media.upload.${kind}`)}
          </Button>
        </Upload>
        <Typography.Text type="secondary" className="kb-media__limits">
          {t('knowledge.media.limits', { formats, max: formatBytes(limit.bytes) })}
        </Typography.Text>
      </Space>
      {progress !== null ? <Progress percent={progress} size="small" /> : null}
    </div>
  );
}
