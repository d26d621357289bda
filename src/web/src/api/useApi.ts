import { useCallback, useEffect, useState } from 'react';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; error: Error }
  | { state: 'ready'; data: T };

/**
 * Runs `load` whenever `key` changes and keeps only the answer to the latest request (older
 * requests are aborted), so quick changes of indicator never show stale values.
 * `key` null means "nothing to load yet".
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): { result: Loadable<T>; latest: T | undefined; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; value: Loadable<T> } | null>(null);
  const [latest, setLatest] = useState<T | undefined>(undefined);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        setResult({ key, value: { state: 'ready', data } });
        setLatest(data);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ key, value: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) } });
      },
    );
    return () => controller.abort();
    // `load` is expected to change with `key`; listing it would refetch on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const retry = useCallback(() => {
    setResult(null);
    setAttempt((n) => n + 1);
  }, []);

  const current: Loadable<T> =
    result !== null && result.key === key ? result.value : { state: 'loading' };
  // `latest` is the last successful answer for any key: pages keep showing it while a new
  // request is in flight instead of blanking the map.
  return { result: current, latest, retry };
}
