/**
 * Every analysis the API serves at /api/v1/analytics/NAME (with .csv and /metadata) and the
 * command line runs as `nap-monitor analyze NAME`. Each lives in its own file beside this one.
 */
import type { Analysis } from './analysis';

export const ANALYSES: Analysis[] = [];

export function findAnalysis(name: string): Analysis | undefined {
  return ANALYSES.find((a) => a.name === name);
}
