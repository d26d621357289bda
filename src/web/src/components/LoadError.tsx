import { t } from '../i18n';

/**
 * The notice shown where data failed to load: an alert with the reason and, when given
 * `onRetry`, a button that asks again.
 */
export function LoadError({ message, onRetry, className }: { message: string; onRetry?: () => void; className?: string }) {
  return (
    <div className={className ? `notice notice-error ${className}` : 'notice notice-error'} role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('map.retry')}
        </button>
      )}
    </div>
  );
}
