import type { Dimension } from '../../core/plans';
import type { MeasureFrequency } from '../../core/progress';
import type { MeasureRow, PlanRow } from '../repositories/planRepository';
import { splitList, type PointView } from '../services/planService';

export function presentPlan(p: PlanRow & { points?: number }) {
  return {
    code: p.code,
    name: p.name,
    adopted_on: p.adopted_on,
    description: p.description,
    source_ids: splitList(p.source_ids),
    points: p.points ?? null,
  };
}

export function presentMeasure(m: MeasureRow) {
  return {
    code: m.code,
    indicator: m.indicator,
    unit: m.unit,
    baseline: m.baseline,
    baseline_date: m.baseline_date,
    target: m.target,
    due_date: m.due_date,
    frequency: m.frequency as MeasureFrequency,
    version: m.version,
  };
}

export function presentPoint(v: PointView, planCode: string) {
  const p = v.point;
  const link = (plan: string, point: string) => ({ plan, point });
  return {
    plan: planCode,
    code: p.code,
    number: p.number,
    text: v.text,
    text_version: v.textVersion,
    variant_text: p.variant_text,
    dimension: p.dimension as Dimension | null,
    dimension_basis: p.dimension_basis,
    theme: p.theme,
    lead_agencies: p.lead_agencies ? p.lead_agencies.split(';').map((s) => s.trim()).filter(Boolean) : [],
    jurisdictions: splitList(p.jurisdictions),
    notes: p.notes,
    source_ids: splitList(p.source_ids),
    measures: v.measures.map(presentMeasure),
    /** Points of earlier plans this point continues (a 2021 area continuing NAP 2014 points). */
    continues: v.links.filter((l) => l.to_plan === planCode && l.to_point === p.code).map((l) => link(l.from_plan, l.from_point)),
    /** Points of later plans that continue this one. */
    continued_by: v.links.filter((l) => l.from_plan === planCode && l.from_point === p.code).map((l) => link(l.to_plan, l.to_point)),
  };
}
