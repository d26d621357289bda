/**
 * What every analysis can also give as a flat table: the CSV download, the command line's table and
 * the web page's "download data" all come from it.
 */
export type Cell = string | number | boolean | null;

export interface TableColumn {
  key: string;
  label: string;
}

export interface AnalysisTable {
  columns: TableColumn[];
  rows: Record<string, Cell>[];
}

function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row of column keys, CRLF line ends. */
export function tableToCsv(table: AnalysisTable): string {
  const lines = [table.columns.map((c) => csvCell(c.key)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function textCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
  return String(value);
}

/** A plain-text table with aligned columns, numbers right-aligned, for a terminal. */
export function tableToText(table: AnalysisTable): string {
  const cells = table.rows.map((row) => table.columns.map((c) => textCell(row[c.key])));
  const widths = table.columns.map((c, i) => Math.max(c.label.length, ...cells.map((r) => r[i]!.length)));
  const numeric = table.columns.map((c) => table.rows.length > 0 && table.rows.every((r) => r[c.key] === null || typeof r[c.key] === 'number'));
  const line = (values: string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(table.columns.map((c) => c.label)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
