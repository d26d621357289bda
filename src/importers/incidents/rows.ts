/**
 * What every incident layout shares: finding columns by header name, reading one row's cells
 * into typed values while collecting each problem with its column and value, and the outcome of a
 * row (a draft, a rejection, or a skip with its reason).
 */
import type { DateResult, DateSpan } from '../../core/incidentDates';
import type { IncidentDraft } from '../../core/incidents';
import { isParseError, parseCoordinate, parseCount, parseFlag, type Parsed } from '../../core/incidentValidation';

export interface Rejection {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export type RowOutcome =
  | { kind: 'draft'; draft: IncidentDraft }
  | { kind: 'rejected'; problems: Rejection[] }
  | { kind: 'skipped'; key: string | null; reason: string };

/** Reads one data row (its fields, in header order) into an outcome. */
export type RowReader = (fields: readonly string[], line: number) => RowOutcome;

/** The file cannot be imported as this layout at all (not CSV, empty, required columns missing). */
export class IncidentFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncidentFileError';
  }
}

/** Column positions by name: exact first, then ignoring case, spaces, `_` and `-`. */
export class Columns {
  private readonly exact = new Map<string, number>();
  private readonly loose = new Map<string, number>();
  // Every name asked for, found or not: readers ask for the same few names on every row.
  private readonly asked = new Map<string, number>();

  constructor(readonly header: readonly string[]) {
    header.forEach((name, i) => {
      if (!this.exact.has(name)) this.exact.set(name, i);
      const key = Columns.key(name);
      if (!this.loose.has(key)) this.loose.set(key, i);
    });
  }

  static key(name: string): string {
    return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
  }

  /** Position of the column, or -1. */
  index(name: string): number {
    let i = this.asked.get(name);
    if (i === undefined) {
      i = this.exact.get(name) ?? this.loose.get(Columns.key(name)) ?? -1;
      this.asked.set(name, i);
    }
    return i;
  }

  has(name: string): boolean {
    return this.index(name) >= 0;
  }

  /** The header's own spelling of the column. */
  name(name: string): string {
    const i = this.index(name);
    return i >= 0 ? this.header[i]! : name;
  }

  /** @throws IncidentFileError naming every missing column. */
  require(names: readonly string[], layout: string): void {
    const missing = names.filter((n) => !this.has(n));
    if (missing.length === 0) return;
    throw new IncidentFileError(
      `the file lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((m) => `"${m}"`).join(', ')} required by the ${layout} layout (its header has: ${this.header.slice(0, 12).join(', ')}${this.header.length > 12 ? ', …' : ''})`,
    );
  }
}

/** One row being read: cells by column name, with every problem kept. */
export class RowCells {
  readonly problems: Rejection[] = [];

  constructor(
    private readonly columns: Columns,
    private readonly fields: readonly string[],
    readonly line: number,
  ) {}

  /** The raw cell ('' when the column is absent). */
  raw(column: string): string {
    const i = this.columns.index(column);
    return i >= 0 ? (this.fields[i] ?? '') : '';
  }

  /** Trimmed text, null when blank. */
  text(column: string): string | null {
    const v = this.raw(column).trim();
    return v === '' ? null : v;
  }

  problem(column: string | null, value: string | null, reason: string): void {
    this.problems.push({ line: this.line, column: column === null ? null : this.columns.name(column), value, reason });
  }

  private take<T>(column: string, parsed: Parsed<T>, fallback: T): T {
    if (isParseError(parsed)) {
      this.problem(column, this.raw(column), parsed.error);
      return fallback;
    }
    return parsed.value;
  }

  count(column: string): number | null {
    return this.take(column, parseCount(this.raw(column)), null);
  }

  coordinate(column: string, axis: 'latitude' | 'longitude'): number | null {
    return this.take(column, parseCoordinate(this.raw(column), axis), null);
  }

  flag(column: string): boolean | null {
    return this.take(column, parseFlag(this.raw(column)), null);
  }

  date(column: string, result: DateResult): DateSpan | null {
    if ('error' in result) {
      this.problem(column, this.raw(column), result.error);
      return null;
    }
    return result;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Native codes of these columns that have a value, by column name as written. */
  native(columns: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of columns) {
      const v = this.text(c);
      if (v !== null) out[this.columns.name(c)] = v;
    }
    return out;
  }
}

export function rejected(cells: RowCells): RowOutcome {
  return { kind: 'rejected', problems: cells.problems };
}
