/**
 * Every analysis the API serves at /api/v1/analytics/NAME (with .csv and /metadata) and the
 * command line runs as `nap-monitor analyze NAME`. Each lives in its own file beside this one.
 */
import type { Analysis } from './analysis';
import { correlationAnalysis } from './correlation';
import { deprivationAnalysis } from './deprivation';
import { districtsAnalysis } from './districts';
import { impactAnalysis } from './impact';
import { riskAnalysis } from './risk';
import { scorecardsAnalysis } from './scorecards';
import { surgesAnalysis } from './surges';
import { timelineAnalysis } from './timeline';
import { trendsAnalysis } from './trends';

export const ANALYSES: Analysis[] = [
  trendsAnalysis,
  surgesAnalysis,
  districtsAnalysis,
  scorecardsAnalysis,
  correlationAnalysis,
  timelineAnalysis,
  impactAnalysis,
  deprivationAnalysis,
  riskAnalysis,
];

export function findAnalysis(name: string): Analysis | undefined {
  return ANALYSES.find((a) => a.name === name);
}
