import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvFormatError } from './csvSource';
import { openCsvStream, type CsvRow } from './csvStream';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/incidents');

async function readAll(input: string | Uint8Array, batchSize = 2, chunkBytes?: number): Promise<{ header: string[]; rows: CsvRow[]; encoding: string }> {
  const stream = await openCsvStream(typeof input === 'string' && !input.includes('/') ? Buffer.from(input) : input, { batchSize, chunkBytes });
  const rows: CsvRow[] = [];
  for await (const batch of stream.batches()) rows.push(...batch);
  return { header: stream.header, rows, encoding: stream.encoding };
}

describe('openCsvStream', () => {
  it('drops a UTF-8 byte order mark and reads CRLF files with quoted commas, quotes and line breaks', async () => {
    const { header, rows, encoding } = await readAll(path.join(FIXTURES, 'acled_bom_crlf.csv'));
    expect(encoding).toBe('utf-8');
    expect(header[0]).toBe('event_id_cnty');
    expect(header).toHaveLength(31);
    const first = rows[0]!;
    expect(first.line).toBe(2);
    expect(first.fields[27]).toBe('On 11 March 2025, BLA militants seized the "Jaffar Express" near Mashkaf,\r\ntaking passengers hostage.');
    // The quoted line break makes the first record span lines 2 and 3.
    expect(rows[1]!.line).toBe(4);
    expect(rows.map((r) => r.fields.length)).toEqual([31, 31, 31, 5, 31, 31, 31, 31]);
  });

  it('detects Windows-1252 from its bytes', async () => {
    const { rows, encoding } = await readAll(path.join(FIXTURES, 'acled_windows1252.csv'));
    expect(encoding).toBe('windows-1252');
    expect(rows[0]!.fields[27]).toBe('The mosque’s café was hit, officials said.');
  });

  it('decides the encoding late when the first non-ASCII bytes come after pure ASCII', async () => {
    const text = `a,b\n${'x,y\n'.repeat(600_000)}"é",z\n`;
    const { rows, encoding } = await readAll(iconv.encode(text, 'win1252'), 100_000);
    expect(encoding).toBe('windows-1252');
    expect(rows.at(-1)).toEqual({ line: 600_002, fields: ['é', 'z'] });
  });

  it('reads lone CR line ends, blank lines and a last line without a line break', async () => {
    const { rows } = await readAll('a,b\r1,"x\ry"\r\r2,3', 2, 3);
    expect(rows).toEqual([
      { line: 2, fields: ['1', 'x\ry'] },
      { line: 5, fields: ['2', '3'] },
    ]);
    const lf = await readAll('a,b\n\n1,\n"2",""\n');
    expect(lf.rows).toEqual([
      { line: 3, fields: ['1', ''] },
      { line: 4, fields: ['2', ''] },
    ]);
  });

  it('stops at an unclosed quote or a stray quote, naming the line', async () => {
    await expect(readAll('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(new CsvFormatError(3, 'a quoted field is not closed (a " is missing)'));
    await expect(readAll('a,b\n1,"x"y\n')).rejects.toThrow(/line 2: a quote is followed by other characters/);
  });

  it('refuses an empty file and a header that repeats a column', async () => {
    await expect(openCsvStream(Buffer.alloc(0))).rejects.toThrow('the file is empty (no header line)');
    await expect(openCsvStream(Buffer.from('a,b,a\n1,2,3\n'))).rejects.toThrow('column "a" appears twice in the header');
  });

  it('reads the same fields as csv-parse on random files, whatever the chunk boundaries', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['a', 'bc', ' ', ',', '"', '\n', '\r\n', 'é', 'x'.repeat(40)];
    for (let file = 0; file < 20; file++) {
      const eol = file % 2 ? '\r\n' : '\n';
      const records: string[][] = [];
      for (let r = 0; r < 200; r++) {
        records.push(
          Array.from({ length: 4 }, () => {
            let v = '';
            for (let i = Math.floor(random() * 4); i > 0; i--) v += pieces[Math.floor(random() * pieces.length)];
            return v;
          }),
        );
      }
      const text = `h1,h2,h3,h4${eol}${records.map((rec) => rec.map((v) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join(eol)}${eol}`;
      const expected = (parse(text, { relax_column_count: true }) as string[][]).slice(1);
      const { rows } = await readAll(Buffer.from(text), 7, 5 + (file % 13));
      expect(rows.map((r) => r.fields)).toEqual(expected);
      // Each record starts one line after the previous one plus the line breaks inside it.
      let line = 2;
      const lines = records.map((rec) => {
        const start = line;
        line += 1 + rec.reduce((n, v) => n + (v.match(/\r\n|\n/g)?.length ?? 0), 0);
        return start;
      });
      expect(rows.map((r) => r.line)).toEqual(lines);
    }
  });
});
