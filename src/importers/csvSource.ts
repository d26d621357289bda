/**
 * CSV reading shared by every importer. Streams the file (memory stays bounded whatever its
 * size), detects the encoding (UTF-8 with or without BOM, else Windows-1252, the usual encoding
 * of files saved by Excel on Windows), accepts LF, CRLF and quoted fields holding delimiters,
 * quotes and line breaks, and numbers each record by the physical line it starts on.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { parse, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';

/** A file path, or the file's bytes. */
export type CsvInput = string | Uint8Array;
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvRecord {
  /** 1-based physical line the record starts on (the header is line 1). */
  line: number;
  /** Field values by header name, untrimmed. */
  record: Record<string, string>;
}

/** A row that was read but cannot be used as a record (wrong number of fields). */
export interface CsvRowIssue {
  line: number;
  reason: string;
  fields: string[];
}

export interface CsvReadOptions {
  /** Defaults to detection: UTF-8 when every byte sequence is valid UTF-8, else Windows-1252. */
  encoding?: CsvEncoding | 'auto';
  delimiter?: string;
  /**
   * Called for each row with the wrong number of fields; the row is then skipped. Without it such
   * a row stops reading with a CsvFormatError.
   */
  onBadRow?: (issue: CsvRowIssue) => void;
}

/** The file cannot be read as CSV from `line` on: the reason says why. */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvFormatError';
  }
}

export interface CsvFile {
  /** The path, or `<buffer>` for bytes. */
  label: string;
  encoding: CsvEncoding;
  /** Column names as written in the first non-empty line, trimmed. */
  header: string[];
  /** Reads the data records from the start (each call reads the file again). */
  records(): AsyncGenerator<CsvRecord>;
}

const CHUNK_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

async function* byteChunks(input: CsvInput): AsyncGenerator<Uint8Array> {
  if (typeof input !== 'string') {
    for (let start = 0; start < input.length; start += CHUNK_BYTES) yield input.subarray(start, start + CHUNK_BYTES);
    return;
  }
  const stream = fs.createReadStream(input, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream) yield chunk as Buffer;
}

export function csvLabel(input: CsvInput): string {
  return typeof input === 'string' ? input : '<buffer>';
}

/** Reads the input once, without keeping it, to decide between UTF-8 and Windows-1252. */
export async function detectEncoding(input: CsvInput): Promise<CsvEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of byteChunks(input)) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Decoded text chunks; a UTF-8 byte order mark is dropped whichever the encoding. */
async function* textChunks(input: CsvInput, encoding: CsvEncoding): AsyncGenerator<string> {
  if (encoding === 'utf-8') {
    // TextDecoder drops a leading BOM by default.
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of byteChunks(input)) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
    return;
  }
  // A file saved with a UTF-8 BOM but holding Windows-1252 bytes still starts with the BOM.
  const decoder = iconv.getDecoder('win1252');
  let first = true;
  for await (let chunk of byteChunks(input)) {
    if (first && hasUtf8Bom(chunk)) chunk = chunk.subarray(3);
    first = false;
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Line breaks inside a field: CRLF, LF or a lone CR each count as one. */
function lineBreaks(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (value.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed (a " is missing)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote is followed by other characters in the same field (quotes inside a quoted field must be doubled: "")';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'characters follow a closing quote';
    default:
      return (e.message ?? String(error)).replace(/^Invalid Record Length: /, '');
  }
}

/**
 * Raw rows with their starting line. csv-parse's own line count is off for CRLF line breaks
 * inside quoted fields, so lines are counted here from the fields themselves: a record spans one
 * line plus the line breaks its quoted fields contain.
 */
async function* rawRows(input: CsvInput, encoding: CsvEncoding, delimiter: string): AsyncGenerator<{ line: number; fields: string[] }> {
  const parser: Parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: false });
  const ready: { line: number; fields: string[] }[] = [];
  let nextLine = 1;
  let failure: unknown = null;
  parser.on('data', (fields: string[]) => {
    const line = nextLine;
    nextLine = line + 1 + fields.reduce((n, f) => n + lineBreaks(f), 0);
    // Empty lines and lines of blanks are not records.
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    ready.push({ line, fields });
  });
  parser.on('error', (error) => {
    failure = error;
  });
  const ended = once(parser, 'end').catch(() => undefined);

  const fail = (): never => {
    // The record that could not be parsed starts where the last complete one ended.
    throw new CsvFormatError(nextLine, reasonOf(failure));
  };
  for await (const text of textChunks(input, encoding)) {
    if (failure) break;
    parser.write(text);
    yield* ready.splice(0);
  }
  if (!failure) {
    parser.end();
    await ended;
  }
  yield* ready.splice(0);
  if (failure) fail();
}

function headerOf(fields: string[], line: number): string[] {
  const header = fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) throw new CsvFormatError(line, `column "${name}" appears twice in the header`);
    seen.add(name);
  }
  return header;
}

/** Opens a CSV file: detects its encoding and reads its header. Records are then streamed. */
export async function openCsv(input: CsvInput, opts: CsvReadOptions = {}): Promise<CsvFile> {
  const encoding = !opts.encoding || opts.encoding === 'auto' ? await detectEncoding(input) : opts.encoding;
  const delimiter = opts.delimiter ?? ',';
  let header: string[] | null = null;
  for await (const row of rawRows(input, encoding, delimiter)) {
    header = headerOf(row.fields, row.line);
    break;
  }
  if (!header) throw new CsvFormatError(1, 'the file is empty (no header line)');
  const columns = header;

  async function* records(): AsyncGenerator<CsvRecord> {
    let first = true;
    for await (const { line, fields } of rawRows(input, encoding, delimiter)) {
      if (first) {
        first = false;
        continue;
      }
      if (fields.length !== columns.length) {
        const reason = `expected ${columns.length} fields as in the header, found ${fields.length}`;
        if (!opts.onBadRow) throw new CsvFormatError(line, reason);
        opts.onBadRow({ line, reason, fields });
        continue;
      }
      const record: Record<string, string> = {};
      columns.forEach((name, i) => {
        record[name] = fields[i]!;
      });
      yield { line, record };
    }
  }

  return { label: csvLabel(input), encoding, header: columns, records };
}

/** The header of a CSV file, trimmed. */
export async function readCsvHeader(input: CsvInput, opts: CsvReadOptions = {}): Promise<string[]> {
  return (await openCsv(input, opts)).header;
}

/** Data records of a CSV file with the line each starts on. */
export async function* readCsvRecords(input: CsvInput, opts: CsvReadOptions = {}): AsyncGenerator<CsvRecord> {
  yield* (await openCsv(input, opts)).records();
}

/** Case- and spacing-insensitive lookup of a column: `findColumn(header, 'district', 'area')`. */
export function findColumn(header: readonly string[], ...candidates: string[]): string | undefined {
  const key = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  for (const candidate of candidates) {
    const hit = header.find((h) => key(h) === key(candidate));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
