import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab title to "<page> · 客服中继 Kefu Relay", or the product name alone. */
export function useDocumentTitle(page?: string) {
  const { t } = useTranslation();
  const product = t('app.fullName');
  useEffect(() => {
    document.title = page ? `${page} · ${product}` : product;
  }, [page, product]);
}
