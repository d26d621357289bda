import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditCanonicalContent, auditJson, type AuditContent } from './auditChain';
import { canonicalJson } from './canonicalJson';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever the key order', () => {
    const a = { status: 'draft', id: 7, evidence: [{ url: 'https://x.org', title: 'X' }] };
    const b = { evidence: [{ title: 'X', url: 'https://x.org' }], id: 7, status: 'draft' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('keeps array order, since order can carry meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined members like JSON, writes undefined array slots as null, dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: new Date('2025-01-02T03:04:05Z') })).toBe('{"b":[null,1],"c":"2025-01-02T03:04:05.000Z"}');
  });

  it('escapes strings as JSON does, including non-ASCII text as is', () => {
    expect(canonicalJson({ t: 'line\n"quoted" اردو' })).toBe('{"t":"line\\n\\"quoted\\" اردو"}');
  });

  it('refuses values JSON cannot hold instead of changing them', () => {
    expect(() => canonicalJson({ a: { b: Number.NaN } })).toThrow('a.b is not a finite number');
    expect(() => canonicalJson({ n: 10n })).toThrow('n is a bigint');
    expect(() => canonicalJson(() => 1)).toThrow('the value is a function');
  });
});

describe('audit content', () => {
  const entry: AuditContent = {
    seq: 1,
    actor_id: 4,
    action: 'progress.submit',
    entity_type: 'progress_report',
    entity_id: '12',
    before_json: auditJson({ status: 'draft', version: 1 }),
    after_json: auditJson({ version: 2, status: 'submitted' }),
    request_id: 'req-1',
    created_at: '2025-04-01T10:00:00.000Z',
    prev_hash: GENESIS_HASH,
  };

  it('covers every field, the previous hash included', () => {
    const base = auditCanonicalContent(entry);
    for (const [field, value] of Object.entries({
      seq: 2,
      actor_id: null,
      action: 'progress.accept',
      entity_type: 'plan',
      entity_id: '13',
      before_json: null,
      after_json: '{}',
      request_id: null,
      created_at: '2025-04-01T10:00:00.001Z',
      prev_hash: 'f'.repeat(64),
    })) {
      expect(auditCanonicalContent({ ...entry, [field]: value }), field).not.toBe(base);
    }
  });

  it('stores before/after as canonical JSON, and nothing as null', () => {
    expect(entry.after_json).toBe('{"status":"submitted","version":2}');
    expect(auditJson(null)).toBeNull();
    expect(auditJson(undefined)).toBeNull();
  });
});
