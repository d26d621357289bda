import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, detectEncoding, findColumn, openCsv, readCsvHeader, readCsvRecords, type CsvRecord, type CsvRowIssue } from './csvSource';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/indicators');
const fixture = (name: string) => path.join(FIXTURES, name);

async function collect(input: string | Uint8Array, onBadRow?: (issue: CsvRowIssue) => void): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(input, { onBadRow })) out.push(r);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<CsvFormatError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvFormatError);
  return error as CsvFormatError;
}

describe('readCsvRecords', () => {
  it('reads CRLF files and numbers records by physical line', async () => {
    const records = await collect(fixture('wide_districts.csv'));
    expect(records.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(records[1]!.record).toEqual({ district: 'Lahore', province: 'Punjab', year: '2020', literacy_rate: '74.1', population: '11119985' });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts their lines', async () => {
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"two\r\nlines",6\r\n7,"three\nmixed\rbreaks",9\r\n10,11,12';
    const records = await collect(Buffer.from(text));
    expect(records.map((r) => [r.line, r.record.b])).toEqual([
      [2, 'x, "y"'],
      [4, 'two\r\nlines'],
      [6, 'three\nmixed\rbreaks'],
      [9, '11'],
    ]);
  });

  it('gives the starting line of records after a multi-line field in a file', async () => {
    const rows: CsvRecord[] = [];
    for await (const r of readCsvRecords(fixture('long_malformed.csv'), { onBadRow: () => undefined })) rows.push(r);
    const multan = rows.find((r) => r.record.district === 'Multan')!;
    expect(multan.line).toBe(6);
    expect(multan.record.note).toBe('quoted, with a comma\nand a line break');
    expect(rows.find((r) => r.record.district === 'Larkana')!.line).toBe(12);
  });

  it('drops a UTF-8 byte order mark from the first column name', async () => {
    const csv = await openCsv(fixture('wide_bom.csv'));
    expect(csv.encoding).toBe('utf-8');
    expect(csv.header).toEqual(['district', 'province', 'population']);
    expect((await collect(fixture('wide_bom.csv')))[0]!.record.district).toBe('Peshawar');
  });

  it('decodes Windows-1252 when the bytes are not valid UTF-8', async () => {
    expect(await detectEncoding(fixture('long_windows1252.csv'))).toBe('windows-1252');
    const records = await collect(fixture('long_windows1252.csv'));
    expect(records.map((r) => r.record.note)).toEqual(['Données révisées – 2022', 'Café ‘quoted’']);
    expect(records.map((r) => r.line)).toEqual([2, 3]);
  });

  it('decodes a multi-byte character split between two read chunks', async () => {
    const long = 'é'.repeat(40_000);
    const bytes = Buffer.from(`id\n${long}\nx\n`, 'utf8');
    // Chunks are 64 KiB: the last byte of the first chunk is the lead byte of an "é".
    expect(bytes[65_535]).toBe(0xc3);
    const records = await collect(bytes);
    expect(records.map((r) => r.line)).toEqual([2, 3]);
    expect(records[0]!.record.id).toBe(long);
  });

  it('streams a file of many chunks and keeps line numbers exact', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => `${i},"Peshāwar, é\n${i}"`);
    const records = await collect(Buffer.from(`id,name\n${rows.join('\n')}\n`, 'utf8'));
    expect(records).toHaveLength(9000);
    expect(records.every((r, i) => r.record.name === `Peshāwar, é\n${i}` && r.line === 2 + 2 * i)).toBe(true);
  });

  it('reports an unterminated quote with the line its record starts on', async () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n';
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const r of readCsvRecords(Buffer.from(text))) seen.push(r.line);
      })(),
    );
    expect(seen).toEqual([2]);
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/not closed/);
  });

  it('reports a stray quote inside a field', async () => {
    const error = await failure(collect(Buffer.from('a,b\n1,2\n3,"x"y\n')));
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/quote/);
  });

  it('stops on a row with the wrong number of fields, or hands it to onBadRow and goes on', async () => {
    const text = 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n';
    const error = await failure(collect(Buffer.from(text)));
    expect(error.line).toBe(3);
    expect(error.reason).toBe('expected 3 fields as in the header, found 2');

    const issues: CsvRowIssue[] = [];
    const records = await collect(Buffer.from(text), (issue) => issues.push(issue));
    expect(records.map((r) => r.line)).toEqual([2, 5]);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [3, 'expected 3 fields as in the header, found 2'],
      [4, 'expected 3 fields as in the header, found 4'],
    ]);
  });

  it('refuses an empty file and a header naming a column twice', async () => {
    expect((await failure(openCsv(Buffer.from('')))).line).toBe(1);
    const twice = await failure(openCsv(Buffer.from('district,year,district\nA,2020,B\n')));
    expect(twice.reason).toMatch(/"district" appears twice/);
  });
});

describe('header helpers', () => {
  it('reads the header alone, trimmed', async () => {
    expect(await readCsvHeader(Buffer.from(' district , Year \nA,2020\n'))).toEqual(['district', 'Year']);
  });

  it('finds a column whatever its case and separators', () => {
    const header = ['District_Name', 'Province', 'YEAR'];
    expect(findColumn(header, 'district', 'district name')).toBe('District_Name');
    expect(findColumn(header, 'year')).toBe('YEAR');
    expect(findColumn(header, 'value')).toBeUndefined();
  });
});
