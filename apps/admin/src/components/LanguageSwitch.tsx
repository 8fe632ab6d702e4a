import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, type Language } from '../app/i18n';

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      data-testid="language-switch"
      size={size}
      value={currentLanguage()}
      options={LANGUAGES.map(({ code, label }) => ({ value: code, label: <span lang={code}>{label}</span> }))}
      onChange={(language) => void i18n.changeLanguage(language)}
    />
  );
}
