import {
  AppstoreOutlined,
  FileTextOutlined,
  LinkOutlined,
  PictureOutlined,
  SoundOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { KnowledgeItemType } from '@kefu/contracts';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const TYPE_META: Record<KnowledgeItemType, { icon: ReactNode; color: string }> = {
  text: { icon: <FileTextOutlined />, color: 'blue' },
  image: { icon: <PictureOutlined />, color: 'cyan' },
  link: { icon: <LinkOutlined />, color: 'geekblue' },
  miniprogram: { icon: <AppstoreOutlined />, color: 'purple' },
  voice: { icon: <SoundOutlined />, color: 'orange' },
  video: { icon: <VideoCameraOutlined />, color: 'magenta' },
};

/** The order of the type tabs, as in the old console: 文本 图片 图文 小程序 语音 视频. */
export const TYPE_ORDER: readonly KnowledgeItemType[] = ['text', 'image', 'link', 'miniprogram', 'voice', 'video'];

export function TypeTag({ type }: { type: KnowledgeItemType }) {
  const { t } = useTranslation();
  return (
    <Tag color={TYPE_META[type].color} icon={TYPE_META[type].icon} variant="outlined">
      {t(`knowledge.types.${type}`)}
    </Tag>
  );
}
