/**
 * Canonical JSON: one byte sequence per value, so a hash over it is stable across dialects,
 * processes and key orders. Object keys are sorted by UTF-16 code units and no whitespace is
 * written (the RFC 8785 scheme; numbers are written as JavaScript writes them, which is what the
 * RFC specifies). `undefined` members are left out as JSON.stringify does; values JSON cannot
 * represent (NaN, Infinity, bigint, functions, symbols) are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

function write(value: unknown, path: string[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${where(path)} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? 'null' : write(v, [...path, String(i)]))).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, [...path, k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${where(path)} is a ${typeof value}, which JSON cannot hold`);
  }
}

function where(path: string[]): string {
  return path.length ? path.join('.') : 'the value';
}
