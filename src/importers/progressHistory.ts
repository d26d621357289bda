import path from 'node:path';
import { parsePeriod, quarterOf, type Period } from '../core/periods';
import { FEDERAL, RATING_SEVERITY, isHttpUrl, type Completion, type EvidenceLink, type Figure, type Rating, type Trajectory } from '../core/progress';
import type { Db } from '../db/database';
import { inTransaction } from '../db/transaction';
import { recordAudit } from '../server/repositories/auditRepository';
import { listProvinces } from '../server/repositories/gazetteerRepository';
import { findPoint, insertPointLink, listPoints } from '../server/repositories/planRepository';
import { findReport, findReportFor, insertReport } from '../server/repositories/progressRepository';
import { listSources } from '../server/repositories/sourceRepository';
import { openCsv } from './csvSource';

/**
 * Turns the documented progress signals (`data/domain/progress-signals.csv`: one published figure
 * or assessment per row) into accepted progress reports marked `public_source`, so the tracker
 * shows the plan's history from the first start. Rows about the same point, jurisdiction and
 * period become one report holding all their figures, texts and sources.
 *
 * - Period: a month or day gives its quarter; a year gives that year; a span (`2018/2020`, a
 *   fiscal year) gives the year it ends in.
 * - Jurisdiction: `national` is the federal level; province names are ADM1 names.
 * - Only categorical assessments published by the source are rated (see ASSESSMENTS); rows with
 *   figures only stay unrated, with completion left open.
 * - Rows tied to no point, or undated, are skipped and listed with the reason.
 *
 * Idempotent: a report that exists for the point, jurisdiction and period is left alone.
 */
export const SIGNALS_FILE = 'domain/progress-signals.csv';

/** How the sources' own words map onto the rating scales; anything else stays unrated. */
export const ASSESSMENTS: Record<string, { completion: Completion | null; trajectory: Trajectory | null; rating: Rating }> = {
  slow: { completion: 'limited', trajectory: 'in_the_works', rating: 'amber_red' },
  'very low': { completion: 'limited', trajectory: null, rating: 'red' },
  dormant: { completion: 'limited', trajectory: 'stalled', rating: 'red' },
  shelved: { completion: 'limited', trajectory: 'stalled', rating: 'red' },
  'not paid': { completion: 'not_started', trajectory: 'stalled', rating: 'red' },
  'under consideration': { completion: 'not_started', trajectory: 'in_the_works', rating: 'amber_red' },
  removed: { completion: 'substantial', trajectory: 'on_track', rating: 'green' },
};

export interface ProgressHistorySummary {
  rows: number;
  reports: number;
  created: number;
  unchanged: number;
  skipped: Array<{ line: number; reason: string }>;
  links: { found: number; created: number };
}

interface Signal {
  line: number;
  date: string;
  plan: string;
  point: string;
  jurisdiction: string;
  metric: string;
  value: string;
  unit: string;
  text: string;
  sources: string[];
  qualifier: string;
  label: string;
  detail: string;
}

/** The period a signal's date falls in, or null for an undated row. */
export function periodOfSignalDate(date: string): Period | null {
  const d = date.trim();
  if (!d) return null;
  const span = /^\d{4}\/(\d{4})$/.exec(d);
  if (span) return parsePeriod(span[1]!);
  if (/^\d{4}$/.test(d)) return parsePeriod(d);
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(d)) return quarterOf(d);
  return null;
}

function figureValue(value: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const QUALIFIERS = new Set(['approx', 'more-than', 'range']);

export async function loadProgressHistory(db: Db, dataDir: string): Promise<ProgressHistorySummary> {
  const links = await loadPointLinks(db);
  const file = await openCsv(path.join(dataDir, SIGNALS_FILE));
  const signals: Signal[] = [];
  for await (const { line, record } of file.records()) {
    const t = (k: string) => (record[k] ?? '').trim();
    signals.push({
      line,
      date: t('date'),
      plan: t('plan_code'),
      point: t('plan_code') === 'NAP-2021' ? t('area_code') : t('point_no'),
      jurisdiction: t('jurisdiction'),
      metric: t('metric'),
      value: t('value'),
      unit: t('unit'),
      text: t('assessment_text'),
      sources: t('source_ids').split(';').map((s) => s.trim()).filter(Boolean),
      qualifier: t('value_qualifier'),
      label: t('period_label'),
      detail: t('area_detail'),
    });
  }

  const provinces = new Map((await listProvinces(db)).map((p) => [p.name.toLowerCase(), p.pcode]));
  const citations = new Map((await listSources(db)).map((s) => [s.id, s.citation]));
  const skipped: ProgressHistorySummary['skipped'] = [];
  const groups = new Map<string, { pointId: number; jurisdiction: string; period: Period; signals: Signal[] }>();
  for (const s of signals) {
    if (!s.plan || !s.point) {
      skipped.push({ line: s.line, reason: 'not tied to a plan point' });
      continue;
    }
    const period = periodOfSignalDate(s.date);
    if (!period) {
      skipped.push({ line: s.line, reason: s.date ? `unreadable date ${s.date}` : 'undated' });
      continue;
    }
    const jurisdiction = s.jurisdiction.toLowerCase() === 'national' ? FEDERAL : provinces.get(s.jurisdiction.toLowerCase());
    if (!jurisdiction) {
      skipped.push({ line: s.line, reason: `unknown jurisdiction ${s.jurisdiction}` });
      continue;
    }
    const point = await findPoint(db.kysely, s.plan, s.point);
    if (!point) {
      skipped.push({ line: s.line, reason: `unknown point ${s.point} of ${s.plan}` });
      continue;
    }
    const key = `${point.id}|${jurisdiction}|${period.code}`;
    const group = groups.get(key) ?? { pointId: point.id, jurisdiction, period, signals: [] };
    group.signals.push(s);
    groups.set(key, group);
  }

  const now = new Date().toISOString();
  let created = 0;
  await inTransaction(db, async (_tx, trx) => {
    for (const g of groups.values()) {
      const subject = { subject_key: `point:${g.pointId}`, jurisdiction: g.jurisdiction, period: g.period.code };
      if (await findReportFor(trx, subject)) continue;
      const assessment = g.signals
        .map((s) => (s.unit === 'category' ? ASSESSMENTS[s.value.toLowerCase()] : undefined))
        .filter((a) => a !== undefined)
        .sort((a, b) => RATING_SEVERITY[b.rating] - RATING_SEVERITY[a.rating])[0];
      const figures: Figure[] = g.signals.map((s) => ({
        metric: s.metric,
        value: figureValue(s.value),
        unit: s.unit || null,
        qualifier: QUALIFIERS.has(s.qualifier) ? (s.qualifier as Figure['qualifier']) : null,
        as_of: s.label || null,
        note: s.detail || null,
      }));
      const sourceIds = [...new Set(g.signals.flatMap((s) => s.sources))];
      const evidence: EvidenceLink[] = sourceIds.flatMap((id) => {
        const url = citations.get(id);
        if (!url || !isHttpUrl(url)) return [];
        const date = g.signals.find((s) => s.sources.includes(id))?.date ?? '';
        return [{ title: `${id}: ${new URL(url).hostname.replace(/^www\./, '')}`, url, date: /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date) ? date : null, public: true }];
      });
      // Accepted "as of" the end of the period it describes, so old history is locked at once.
      const acceptedAt = `${g.period.end}T23:59:59.000Z` < now ? `${g.period.end}T23:59:59.000Z` : now;
      const id = await insertReport(trx, {
        ...subject,
        point_id: g.pointId,
        measure_id: null,
        period_start: g.period.start,
        period_end: g.period.end,
        status: 'accepted',
        completion: assessment?.completion ?? null,
        trajectory: assessment?.trajectory ?? null,
        rating: assessment?.rating ?? 'unrated',
        narrative: g.signals.map((s) => s.text).join('\n\n'),
        figures: JSON.stringify(figures),
        evidence: JSON.stringify(evidence),
        stall_reasons: '[]',
        origin: 'public_source',
        source_ids: sourceIds.length ? sourceIds.join(';') : null,
        return_reason: null,
        version: 1,
        created_by: null,
        created_at: now,
        updated_by: null,
        updated_at: now,
        accepted_at: acceptedAt,
      });
      await recordAudit(trx, {
        actorId: null,
        action: 'progress.import',
        entityType: 'progress_report',
        entityId: String(id),
        before: null,
        after: await findReport(trx, id),
        requestId: null,
      });
      created += 1;
    }
  });
  return { rows: signals.length, reports: groups.size, created, unchanged: groups.size - created, skipped, links };
}

/**
 * Links NAP 2014 points to the 2021 areas that continue them, from the cross-references in the
 * areas' notes ("Curator cross-reference: NAP 2014 points 11 and 14").
 */
export async function loadPointLinks(db: Db): Promise<{ found: number; created: number }> {
  const areas = await listPoints(db.kysely, 'NAP-2021');
  const pairs: Array<{ from: string; to: number }> = [];
  for (const area of areas) {
    const m = /NAP 2014 points? ([\d ,and]+)/i.exec(area.notes ?? '');
    if (!m) continue;
    for (const n of m[1]!.match(/\d+/g) ?? []) pairs.push({ from: n, to: area.id });
  }
  let created = 0;
  for (const p of pairs) {
    const from = await findPoint(db.kysely, 'NAP-2014', p.from);
    if (!from) continue;
    const added = await insertPointLink(db.kysely, { from_point_id: from.id, to_point_id: p.to, relation: 'continued_by', basis: 'curator', notes: null });
    if (added) created += 1;
  }
  return { found: pairs.length, created };
}
