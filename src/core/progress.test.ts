import { describe, expect, it } from 'vitest';
import { assessmentProblems, isHttpUrl, submissionProblems, type Assessment } from './progress';

const complete: Assessment = {
  completion: 'substantial',
  trajectory: 'on_track',
  rating: 'green_amber',
  stall_reasons: [],
  evidence: [{ title: 'Apex committee minutes', url: 'https://example.org/minutes', date: '2025-03-01', public: true }],
};

describe('isHttpUrl', () => {
  it.each(['https://www.dawn.com/news/1280318', 'http://nacta.gov.pk/nap-2014/', 'HTTPS://EXAMPLE.ORG/x?y=1#z'])('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });
  it.each(['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://example.org/x', 'example.org/page', '//example.org', 'https://', ''])(
    'refuses %j',
    (url) => {
      expect(isHttpUrl(url)).toBe(false);
    },
  );
});

describe('assessmentProblems', () => {
  it('passes a coherent assessment', () => {
    expect(assessmentProblems(complete)).toEqual([]);
  });

  it('names each evidence link that is not http(s) by its index', () => {
    const a = { ...complete, evidence: [complete.evidence[0]!, { title: 'x', url: 'javascript:alert(1)', date: null, public: true }] };
    expect(assessmentProblems(a)).toEqual([{ field: 'evidence.1.url', message: 'must be an http or https URL' }]);
  });

  it('keeps stall reasons for stalled items', () => {
    expect(assessmentProblems({ ...complete, stall_reasons: ['resources'] })).toEqual([
      { field: 'stall_reasons', message: 'only stalled items take stall reasons' },
    ]);
    expect(assessmentProblems({ ...complete, trajectory: 'stalled', stall_reasons: ['resources'] })).toEqual([]);
  });

  it('rates an item unrated exactly when no evidence is available', () => {
    expect(assessmentProblems({ ...complete, rating: 'unrated' })[0]?.field).toBe('rating');
    expect(assessmentProblems({ ...complete, completion: 'no_evidence' })[0]?.field).toBe('rating');
    expect(assessmentProblems({ ...complete, completion: 'no_evidence', rating: 'unrated', evidence: [] })).toEqual([]);
  });
});

describe('submissionProblems', () => {
  it('lets a complete report through', () => {
    expect(submissionProblems(complete)).toEqual([]);
  });

  it('lists every missing part of an empty draft', () => {
    const empty: Assessment = { completion: null, trajectory: null, rating: null, stall_reasons: [], evidence: [] };
    expect(submissionProblems(empty).map((p) => p.field)).toEqual(['completion', 'trajectory', 'rating']);
  });

  it('asks a stalled item for its reason, and a rated item for evidence', () => {
    expect(submissionProblems({ ...complete, trajectory: 'stalled' })).toEqual([
      { field: 'stall_reasons', message: 'give at least one reason for a stalled item' },
    ]);
    expect(submissionProblems({ ...complete, evidence: [] })).toEqual([
      { field: 'evidence', message: 'at least one evidence link is needed unless completion is no_evidence' },
    ]);
  });
});
