import { useEffect, useState } from 'react';
import { getIndicatorSummary } from './indicators';
import type { IndicatorSummary } from './types';

/** Requests in flight at once: the browser's connection limit per host. */
const CONCURRENCY = 6;
/** How often arriving answers are shown. */
const FLUSH_MS = 250;

export function summaryKey(code: string, year: number): string {
  return `${code}@${year}`;
}

export interface Summaries {
  /** Answers so far, by summaryKey(). */
  byKey: ReadonlyMap<string, IndicatorSummary>;
  done: number;
  failed: number;
  total: number;
}

/**
 * Fetches the national and provincial summary of each (indicator, year), a few at a time, and
 * shows them as they arrive. `requestKey` names the list: a new key starts over and abandons the
 * old requests.
 */
export function useSummaries(requestKey: string | null, items: { code: string; year: number }[]): Summaries {
  const [state, setState] = useState<{ key: string | null; byKey: Map<string, IndicatorSummary>; failed: number }>({
    key: null,
    byKey: new Map(),
    failed: 0,
  });

  useEffect(() => {
    if (requestKey === null) return;
    const controller = new AbortController();
    const queue = [...new Map(items.map((i) => [summaryKey(i.code, i.year), i])).entries()];
    // Answers are shown in batches: re-rendering a long table for each of 150 answers would keep
    // the page busy and slow the requests themselves.
    let arrived: [string, IndicatorSummary][] = [];
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = arrived;
      const failed = failures;
      arrived = [];
      failures = 0;
      setState((s) => {
        const own = s.key === requestKey ? s : { key: requestKey, byKey: new Map<string, IndicatorSummary>(), failed: 0 };
        const byKey = new Map(own.byKey);
        for (const [key, summary] of batch) byKey.set(key, summary);
        return { key: requestKey, byKey, failed: own.failed + failed };
      });
    };
    const schedule = () => {
      if (timer === undefined) timer = setTimeout(flush, queue.length === 0 ? 0 : FLUSH_MS);
    };
    const worker = async () => {
      for (let next = queue.shift(); next && !controller.signal.aborted; next = queue.shift()) {
        const [key, item] = next;
        try {
          const summary = await getIndicatorSummary(item.code, item.year, controller.signal);
          if (controller.signal.aborted) return;
          arrived.push([key, summary]);
        } catch {
          if (controller.signal.aborted) return;
          failures++;
        }
        schedule();
      }
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `items` belongs to `requestKey`; listing it would restart the requests on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey]);

  const total = new Set(items.map((i) => summaryKey(i.code, i.year))).size;
  const current = state.key === requestKey ? state : { byKey: new Map<string, IndicatorSummary>(), failed: 0 };
  return { byKey: current.byKey, done: current.byKey.size + current.failed, failed: current.failed, total };
}
