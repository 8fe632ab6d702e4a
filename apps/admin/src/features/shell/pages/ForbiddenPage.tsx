import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

export function ForbiddenPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('shell.forbidden')}
      subTitle={t('shell.forbiddenHint')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('shell.backHome')}
        </Button>
      }
    />
  );
}
