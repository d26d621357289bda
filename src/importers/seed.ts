import { Gazetteer } from '../core/gazetteer';
import type { Db } from '../db/database';
import { readGazetteerData } from '../server/repositories/gazetteerRepository';
import { loadGazetteer } from './gazetteer';
import { seedIndicators } from './indicators/importIndicators';
import { seedIncidents } from './incidents/importIncidents';
import { loadProgressHistory, type ProgressHistorySummary } from './progressHistory';
import { loadReference, type ReferenceCounts } from './reference';

export interface SeedSummary {
  gazetteer: Awaited<ReturnType<typeof loadGazetteer>>;
  reference: ReferenceCounts;
  indicators: Awaited<ReturnType<typeof seedIndicators>>;
  progress: ProgressHistorySummary;
  incidents: Awaited<ReturnType<typeof seedIncidents>>;
}

export type SeedProgress = (step: string) => void;

/** Loads every bundled data set. Idempotent: a second run leaves the database as it was. */
export async function seed(db: Db, dataDir: string, progress: SeedProgress = () => undefined): Promise<SeedSummary> {
  progress('gazetteer: provinces, districts, tehsils and aliases');
  const gazetteer = await loadGazetteer(db, dataDir);
  progress('reference: sources, plans, programmes and governance bodies');
  const reference = await loadReference(db, dataDir);
  progress('progress history: accepted reports drawn from public sources');
  const progressHistory = await loadProgressHistory(db, dataDir);
  progress('indicators: census 2023, poverty 2018, PSLM 2019, Data4Pakistan, census 2017');
  const resolver = new Gazetteer(await readGazetteerData(db));
  const indicators = await seedIndicators(db, resolver, dataDir);
  progress('incidents: groups catalogue, suicide attacks 1995–2017, curated major incidents');
  const incidents = await seedIncidents(db, dataDir);
  return { gazetteer, reference, indicators, progress: progressHistory, incidents };
}

export async function isSeeded(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('districts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0) > 0;
}
