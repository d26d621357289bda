import { loadProvinceFigures, periodFrom, type ProvinceFigures } from '../../api/analytics';
import { listDistricts } from '../../api/geo';
import { useApi, type Loadable } from '../../api/useApi';

/** The province's figures for a period and plan; a malformed period is an error in words. */
export function useProvinceFigures(
  pcode: string,
  periodCode: string,
  plan: string | null,
): { result: Loadable<ProvinceFigures>; latest: ProvinceFigures | undefined; retry: () => void } {
  return useApi<ProvinceFigures>(`province:${pcode}|${periodCode}|${plan ?? ''}`, async (signal) => {
    const period = periodFrom(periodCode);
    if (!period) throw new BadPeriodError(periodCode);
    const districts = await listDistricts(signal);
    return loadProvinceFigures(pcode, period, plan, new Map(districts.map((d) => [d.pcode, d.name])), signal);
  });
}

export class BadPeriodError extends Error {
  constructor(readonly period: string) {
    super(period);
    this.name = 'BadPeriodError';
  }
}
