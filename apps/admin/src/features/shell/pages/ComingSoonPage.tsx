import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { PageHeader } from '../components/PageHeader';
import { NAV_ITEMS, FALLBACK_ICON, type AreaKey } from '../navigation';

/** Stands in for an area of the console that is not built yet. */
export function ComingSoonPage({ area }: { area: AreaKey }) {
  const { t } = useTranslation();
  const item = NAV_ITEMS.find((entry) => entry.key === area);
  const title = t(`nav.${area}`);

  useDocumentTitle(title);

  return (
    <>
      <PageHeader title={title} description={t(`areas.${area}`)} />
      <Card className="coming-soon" variant="borderless">
        <div className="coming-soon__icon">{item?.icon ?? FALLBACK_ICON}</div>
        <Typography.Title level={4} className="coming-soon__title">
          {t('shell.comingSoon')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="coming-soon__hint">
          {t('shell.comingSoonHint')}
        </Typography.Paragraph>
      </Card>
    </>
  );
}
