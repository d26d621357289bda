import { useEffect } from 'react';
import { t } from './i18n';

/** Sets the document title to "<page> — NAP Monitor", following the language. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title]);
}
