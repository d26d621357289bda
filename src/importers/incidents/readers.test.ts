import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncidentDraft } from '../../core/incidents';
import { openCsvStream } from '../csvStream';
import { acledActorType, acledCategory, acledReader } from './acled';
import { gtdReader } from './gtd';
import { mappedReader, parseMapping, readMappingFile } from './mapping';
import { IncidentFileError, type RowOutcome, type RowReader } from './rows';
import { ucdpReader } from './ucdp';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/incidents');
const DATA = path.resolve(import.meta.dirname, '../../../data');

async function readFile(file: string, reader: (header: string[]) => RowReader, encoding?: 'utf-8' | 'windows-1252', delimiter?: string): Promise<RowOutcome[]> {
  const stream = await openCsvStream(file, { encoding, delimiter });
  const read = reader(stream.header);
  const out: RowOutcome[] = [];
  for await (const batch of stream.batches()) {
    for (const row of batch) {
      out.push(row.fields.length === stream.header.length ? read(row.fields, row.line) : { kind: 'rejected', problems: [{ line: row.line, column: null, value: null, reason: 'field count' }] });
    }
  }
  return out;
}

const drafts = (outcomes: RowOutcome[]): IncidentDraft[] => outcomes.flatMap((o) => (o.kind === 'draft' ? [o.draft] : []));

describe('ACLED layout', () => {
  it('reads actor types as codes or labels, and categorises events', () => {
    expect(acledActorType('Rebel group')).toBe('2');
    expect(acledActorType('7')).toBe('7');
    expect(acledActorType('Aliens')).toBeNull();
    expect(acledCategory('Strategic developments', 'Arrests', '1')).toBe('state_arrest');
    expect(acledCategory('Battles', 'Government regains territory', '1')).toBe('state_territory_regained');
    expect(acledCategory('Explosions/Remote violence', 'Air/drone strike', '1')).toBe('state_operation');
    expect(acledCategory('Explosions/Remote violence', 'Suicide bomb', '2')).toBe('militant_attack');
    expect(acledCategory('Protests', 'Peaceful protest', '6')).toBe('protest_riot');
  });

  it('reads a BOM, CRLF file with text labels, `11 March 2025` dates and multi-line notes; rejects bad rows with their column', async () => {
    const outcomes = await readFile(path.join(FIXTURES, 'acled_bom_crlf.csv'), acledReader);
    const [jaffar, quetta] = drafts(outcomes);
    expect(jaffar).toMatchObject({ native_key: 'TST1', date_start: '2025-03-11', date_precision: 'day', category: 'militant_attack', killed: { best: 21 }, geo_precision: 2 });
    expect(jaffar!.native).toMatchObject({ inter1: 'Rebel group', inter1_code: '2', inter2_code: '7' });
    expect(jaffar!.notes).toContain('"Jaffar Express"');
    expect(quetta).toMatchObject({ suicide: true, event_type: 'Explosions/Remote violence', sub_event_type: 'Suicide bomb' });
    const rejected = outcomes.flatMap((o) => (o.kind === 'rejected' ? o.problems : []));
    expect(rejected).toEqual(
      expect.arrayContaining([
        { line: 5, column: 'fatalities', value: '-2', reason: '-2 is negative; counts are 0 or more' },
        { line: 8, column: 'event_date', value: '2024-02-30', reason: '2024-02-30 is not a real date' },
      ]),
    );
    expect(drafts(outcomes).find((d) => d.native_key === 'TST7')).toMatchObject({ category: 'state_arrest' });
    expect(drafts(outcomes).find((d) => d.native_key === 'TST5')?.country).toBe('India');
  });

  it('refuses a file without the required columns, naming them', () => {
    expect(() => acledReader(['event_id_cnty', 'event_date', 'notes'])).toThrow(IncidentFileError);
    expect(() => acledReader(['event_id_cnty', 'event_date', 'notes'])).toThrow(/"event_type", "sub_event_type", "actor1"/);
  });
});

describe('UCDP GED layout', () => {
  it('reads `YYYY-MM-DD 00:00:00.000` dates, date precision, suffixed names and deaths by side', async () => {
    const outcomes = await readFile(path.join(FIXTURES, 'ucdp_bad_rows.csv'), ucdpReader);
    const [wana] = drafts(outcomes);
    expect(wana).toMatchObject({
      dataset: 'ucdp',
      native_key: '1',
      date_start: '2023-05-01',
      date_end: '2023-05-31',
      date_precision: 'month',
      admin1: 'Khyber Pakhtunkhwa province',
      admin2: 'South Waziristan district',
      killed: { low: 5, best: 5, high: 6 },
      killed_security: 3,
      killed_militants: 2,
      category: 'armed_clash',
      event_type: 'State-based conflict',
    });
    expect(outcomes[1]).toMatchObject({ kind: 'draft', draft: { killed: { low: 6, best: 4, high: 4 } } });
    expect(drafts(outcomes)[2]?.country).toBe('Afghanistan');
  });
});

describe('GTD layout', () => {
  it('reads the full layout by header name: day 0 is month precision, -99 unknown, codes kept', async () => {
    const outcomes = await readFile(path.join(FIXTURES, 'gtd_full_layout.csv'), gtdReader);
    const [parachinar, somewhere, srinagar] = drafts(outcomes);
    expect(parachinar).toMatchObject({
      native_key: '201706000001',
      date_start: '2017-06-01',
      date_end: '2017-06-30',
      date_precision: 'month',
      perpetrator: 'Lashkar-e-Jhangvi',
      killed: { best: 72 },
      killed_militants: null,
      injured: { best: 200 },
      hostages: { best: 0 },
      suicide: true,
      attack_type: 'Bombing/Explosion',
      geo_precision: 1,
    });
    expect(parachinar!.native).toMatchObject({ crit1: '1', doubtterr: '0', attacktype1: '3', dbsource: 'START Primary Collection' });
    expect(somewhere).toMatchObject({ date_precision: 'year', killed: { best: null }, hostages: { best: null }, latitude: null, geo_precision: 6 });
    expect(srinagar?.country).toBe('India');
    expect(outcomes[3]).toEqual({ kind: 'rejected', problems: [{ line: 5, column: 'nkill', value: '2.5', reason: '2.5 is not a whole number' }] });
  });
});

describe('mapped CSV', () => {
  it('reads a declared delimiter, day-first dates, value maps and native columns', async () => {
    const mapping = readMappingFile(path.join(FIXTURES, 'custom_mapping.json'), DATA);
    const outcomes = await readFile(path.join(FIXTURES, 'custom_semicolon.csv'), (h) => mappedReader(mapping, h), undefined, ';');
    const [bannu, kech, nowhere] = drafts(outcomes);
    expect(bannu).toMatchObject({
      dataset: 'test-custom',
      native_key: 'C-1',
      date_start: '2024-11-03',
      admin1: 'KPK',
      category: 'militant_attack',
      attack_type: 'Bombing/Explosion',
      killed: { low: 4, best: null, high: 6 },
      perpetrator: 'TTP',
      notes: 'Checkpost attacked; two vehicles destroyed',
      native: { what: 'bomb' },
    });
    expect(kech).toMatchObject({ date_start: '2025-01-12', attack_type: 'Armed Assault' });
    expect(nowhere).toMatchObject({ category: 'state_arrest', attack_type: null });
    expect(outcomes[2]).toEqual({ kind: 'rejected', problems: [{ line: 4, column: 'when', value: '31/02/2025', reason: '2025-02-31 is not a real date' }] });
  });

  it('reads the shipped suicide-attack mapping against the Windows-1252 file', async () => {
    const mapping = readMappingFile('suicide-attacks', DATA);
    const outcomes = await readFile(path.join(DATA, 'incidents/pakistan_suicide_attacks_1995_2017.csv'), (h) => mappedReader(mapping, h), 'windows-1252');
    expect(outcomes).toHaveLength(492);
    expect(drafts(outcomes)[0]).toMatchObject({
      dataset: 'pbc-suicide-attacks',
      native_key: '1',
      date_start: '1995-11-19',
      admin1: 'Capital',
      admin2: 'Islamabad',
      suicide: true,
      killed: { low: 14, high: 15 },
    });
  });

  it('explains a mapping that is not valid, and columns the file lacks', () => {
    expect(() => parseMapping({ dataset: 'x', key: 'id', fields: {} })).toThrow(/dataset: lowercase letters.*fields: date_start must be mapped/);
    expect(() => parseMapping({ dataset: 'ok-set', key: 'id', fields: { date_start: { column: 'd' }, when: { column: 'w' } } })).toThrow(/unknown field "when"/);
    const mapping = parseMapping({ dataset: 'ok-set', key: 'id', fields: { date_start: { column: 'd' }, notes: { column: 'text' } } });
    expect(() => mappedReader(mapping, ['id', 'd'])).toThrow('the file lacks the column "text" required by the mapping layout (its header has: id, d)');
  });
});
