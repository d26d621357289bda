/**
 * A fast streaming CSV reader for large files (incident exports run to millions of rows). Same
 * contract as `csvSource.ts` (UTF-8 with or without BOM, else Windows-1252; LF, CRLF or CR;
 * quoted fields holding delimiters, doubled quotes and line breaks; records numbered by the
 * physical line they start on; `CsvFormatError` when the file cannot be read on), but it yields
 * rows as field arrays in batches, and decides the encoding while reading instead of in a first
 * pass: ASCII is the same in both encodings, so the first non-ASCII bytes decide. A row whose
 * number of fields differs from the header's is yielded as it is, for the caller to reject.
 */
import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';
import { CsvFormatError, type CsvEncoding, type CsvInput } from './csvSource';

export interface CsvRow {
  /** 1-based physical line the record starts on (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvStreamOptions {
  /** Defaults to deciding while reading (see the module comment). */
  encoding?: CsvEncoding | 'auto';
  delimiter?: string;
  /** Rows per batch yielded by `batches()`. */
  batchSize?: number;
  /** Bytes read at a time (1 MiB); small values exercise records split across reads. */
  chunkBytes?: number;
}

export interface CsvStream {
  label: string;
  header: string[];
  /** Size of the input in bytes. */
  size: number;
  /** Bytes read so far, for progress. */
  readonly bytesRead: number;
  /** The encoding used: known once the first non-ASCII byte is read (`utf-8` until then). */
  readonly encoding: CsvEncoding;
  /** Data rows after the header, in batches. Call once. */
  batches(): AsyncGenerator<CsvRow[]>;
}

const CHUNK_BYTES = 1024 * 1024;
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

async function* byteChunks(input: CsvInput, size: number): AsyncGenerator<Buffer> {
  if (typeof input !== 'string') {
    const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    for (let start = 0; start < buffer.length; start += size) yield buffer.subarray(start, start + size);
    return;
  }
  const stream = fs.createReadStream(input, { highWaterMark: size });
  for await (const chunk of stream) yield chunk as Buffer;
}

/** Decodes byte chunks, deciding the encoding at the first non-ASCII bytes unless one is given. */
class Decoder {
  encoding: CsvEncoding | null;
  private utf8 = new TextDecoder('utf-8', { fatal: true });
  private win1252 = iconv.getDecoder('win1252');
  private first = true;
  private sawNonAscii = false;
  bytes = 0;

  constructor(encoding: CsvEncoding | null) {
    this.encoding = encoding;
  }

  decode(input: Buffer): string {
    let chunk = input;
    if (this.first) {
      this.first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        this.bytes += 3;
      }
    }
    const at = this.bytes;
    this.bytes += chunk.length;
    if (this.encoding === null) {
      if (isAscii(chunk)) return chunk.toString('latin1');
      try {
        const text = this.utf8.decode(chunk, { stream: true });
        this.encoding = 'utf-8';
        this.sawNonAscii = true;
        return text;
      } catch {
        this.encoding = 'windows-1252';
        this.utf8 = new TextDecoder('utf-8', { fatal: true });
      }
    }
    if (this.encoding === 'windows-1252') return this.win1252.write(chunk);
    try {
      const text = this.utf8.decode(chunk, { stream: true });
      if (!this.sawNonAscii && !isAscii(chunk)) this.sawNonAscii = true;
      return text;
    } catch {
      throw new CsvFormatError(
        0,
        `the file is not valid UTF-8 after byte ${at}${this.sawNonAscii ? ', though earlier parts are: it mixes encodings' : ''}; save it as UTF-8, or declare its encoding (windows-1252)`,
      );
    }
  }

  end(): string {
    if (this.encoding === 'windows-1252') return this.win1252.end() ?? '';
    try {
      return this.utf8.decode();
    } catch {
      throw new CsvFormatError(0, 'the file ends in the middle of a UTF-8 character');
    }
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Counts line breaks inside a quoted field: CRLF, LF or a lone CR each count as one. */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (i + 1 < to && text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

/**
 * Scans records from `text` starting at `pos`. Stops before a record that may continue in the
 * next chunk (unless `final`), returning the position reached and the line it is on.
 */
function scan(
  text: string,
  start: number,
  startLine: number,
  final: boolean,
  delimiter: number,
  out: CsvRow[],
): { pos: number; line: number } {
  let pos = start;
  let line = startLine;
  const length = text.length;
  records: while (pos < length) {
    const recordStart = pos;
    const recordLine = line;
    let extraLines = 0;
    const fields: string[] = [];
    for (;;) {
      if (pos < length && text.charCodeAt(pos) === QUOTE) {
        let close = text.indexOf('"', pos + 1);
        let escaped = false;
        for (;;) {
          if (close === -1 || (close + 1 >= length && !final)) {
            if (final && close === -1) throw new CsvFormatError(recordLine, 'a quoted field is not closed (a " is missing)');
            if (length - recordStart > MAX_RECORD_CHARS) throw new CsvFormatError(recordLine, 'a quoted field is not closed (a " is missing)');
            return { pos: recordStart, line: recordLine };
          }
          if (text.charCodeAt(close + 1) === QUOTE) {
            escaped = true;
            close = text.indexOf('"', close + 2);
            continue;
          }
          break;
        }
        const raw = text.slice(pos + 1, close);
        fields.push(escaped ? raw.replace(/""/g, '"') : raw);
        extraLines += lineBreaks(text, pos + 1, close);
        pos = close + 1;
        if (pos < length) {
          const c = text.charCodeAt(pos);
          if (c !== delimiter && c !== LF && c !== CR) {
            throw new CsvFormatError(
              recordLine,
              'a quote is followed by other characters in the same field (quotes inside a quoted field must be doubled: "")',
            );
          }
        }
      } else {
        let end = pos;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === delimiter || c === LF || c === CR) break;
          end++;
        }
        if (end >= length && !final) return { pos: recordStart, line: recordLine };
        fields.push(text.slice(pos, end));
        pos = end;
      }
      if (pos >= length) {
        if (!final) return { pos: recordStart, line: recordLine };
        break;
      }
      const c = text.charCodeAt(pos);
      if (c === delimiter) {
        pos++;
        if (pos >= length && !final) return { pos: recordStart, line: recordLine };
        if (pos >= length) {
          fields.push('');
          break;
        }
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= length && !final) return { pos: recordStart, line: recordLine };
        pos += pos + 1 < length && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      } else {
        pos++;
      }
      break;
    }
    line = recordLine + 1 + extraLines;
    // Empty lines and lines of blanks are not records.
    if (fields.length === 1 && fields[0]!.trim() === '') continue records;
    out.push({ line: recordLine, fields });
  }
  return { pos, line };
}

/**
 * The same scan for text whose line breaks are LF or CRLF, built on `indexOf` (native search)
 * instead of a character loop: about three times faster on large files.
 */
function scanFast(
  text: string,
  start: number,
  startLine: number,
  final: boolean,
  delimiter: string,
  out: CsvRow[],
): { pos: number; line: number } {
  let pos = start;
  let line = startLine;
  const length = text.length;
  let nextComma = text.indexOf(delimiter, pos);
  let nextBreak = text.indexOf('\n', pos);
  while (pos < length) {
    const recordStart = pos;
    const recordLine = line;
    let extraLines = 0;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        let close = text.indexOf('"', pos + 1);
        let escaped = false;
        for (;;) {
          if (close === -1 || (close + 1 >= length && !final)) {
            if ((final && close === -1) || length - recordStart > MAX_RECORD_CHARS) {
              throw new CsvFormatError(recordLine, 'a quoted field is not closed (a " is missing)');
            }
            return { pos: recordStart, line: recordLine };
          }
          if (text.charCodeAt(close + 1) === QUOTE) {
            escaped = true;
            close = text.indexOf('"', close + 2);
            continue;
          }
          break;
        }
        const raw = text.slice(pos + 1, close);
        fields.push(escaped ? raw.replace(/""/g, '"') : raw);
        for (let nl = text.indexOf('\n', pos + 1); nl !== -1 && nl < close; nl = text.indexOf('\n', nl + 1)) extraLines++;
        pos = close + 1;
        if (nextComma !== -1 && nextComma < pos) nextComma = text.indexOf(delimiter, pos);
        if (nextBreak !== -1 && nextBreak < pos) nextBreak = text.indexOf('\n', pos);
        if (pos >= length) break;
        const c = text.charCodeAt(pos);
        if (c === CR && pos + 1 >= length && !final) return { pos: recordStart, line: recordLine };
        if (c === CR && text.charCodeAt(pos + 1) === LF) {
          pos += 2;
          break;
        }
        if (c === LF) {
          pos++;
          break;
        }
        if (text[pos] !== delimiter) {
          throw new CsvFormatError(
            recordLine,
            'a quote is followed by other characters in the same field (quotes inside a quoted field must be doubled: "")',
          );
        }
        pos++;
        if (nextComma !== -1 && nextComma < pos) nextComma = text.indexOf(delimiter, pos);
        if (pos >= length) {
          if (!final) return { pos: recordStart, line: recordLine };
          fields.push('');
          break;
        }
        continue;
      }
      if (nextBreak !== -1 && nextBreak < pos) nextBreak = text.indexOf('\n', pos);
      if (nextComma !== -1 && nextComma < pos) nextComma = text.indexOf(delimiter, pos);
      const lineEnd = nextBreak === -1 ? (final ? length : -1) : nextBreak;
      if (lineEnd === -1) return { pos: recordStart, line: recordLine };
      if (nextComma !== -1 && nextComma < lineEnd) {
        fields.push(text.slice(pos, nextComma));
        pos = nextComma + 1;
        nextComma = text.indexOf(delimiter, pos);
        if (pos >= length) {
          if (!final) return { pos: recordStart, line: recordLine };
          fields.push('');
          break;
        }
        continue;
      }
      const fieldEnd = lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      fields.push(text.slice(pos, fieldEnd));
      pos = lineEnd + 1;
      if (nextBreak !== -1) nextBreak = text.indexOf('\n', pos);
      break;
    }
    line = recordLine + 1 + extraLines;
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    out.push({ line: recordLine, fields });
  }
  return { pos: Math.min(pos, length), line };
}

// A carriage return not followed by a line feed (nor at the end of the text read so far).
const LONE_CR = /\r(?!\n|$)/;

async function inputSize(input: CsvInput): Promise<number> {
  if (typeof input !== 'string') return input.byteLength;
  return (await fs.promises.stat(input)).size;
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

/** Opens a CSV input and reads its header; rows are then read by `batches()`. */
export async function openCsvStream(input: CsvInput, opts: CsvStreamOptions = {}): Promise<CsvStream> {
  const delimiterText = opts.delimiter ?? ',';
  if (delimiterText.length !== 1) throw new Error('the delimiter must be one character');
  const delimiter = delimiterText.charCodeAt(0);
  const batchSize = opts.batchSize ?? 2000;
  const size = await inputSize(input);
  if (size === 0) throw new CsvFormatError(1, 'the file is empty (no header line)');
  const decoder = new Decoder(!opts.encoding || opts.encoding === 'auto' ? null : opts.encoding);
  const chunks = byteChunks(input, opts.chunkBytes ?? CHUNK_BYTES);

  let text = '';
  let pos = 0;
  let line = 1;
  let done = false;
  let loneCr = false;
  const pending: CsvRow[] = [];

  // Reads one more chunk and scans the complete records it finishes.
  const readMore = async (): Promise<void> => {
    const next = await chunks.next();
    let decoded: string;
    try {
      decoded = next.done ? decoder.end() : decoder.decode(next.value);
    } catch (error) {
      if (error instanceof CsvFormatError && error.line === 0) throw new CsvFormatError(line, error.reason);
      throw error;
    }
    // A CR ending the previous chunk is a lone one unless this chunk starts with LF.
    if (!loneCr && (LONE_CR.test(decoded) || (text.endsWith('\r') && !decoded.startsWith('\n') && decoded !== ''))) loneCr = true;
    text = text.slice(pos) + decoded;
    pos = 0;
    done = next.done === true;
    const reached = loneCr ? scan(text, pos, line, done, delimiter, pending) : scanFast(text, pos, line, done, delimiterText, pending);
    pos = reached.pos;
    line = reached.line;
  };

  while (pending.length === 0 && !done) await readMore();
  const first = pending.shift();
  if (!first) throw new CsvFormatError(1, 'the file is empty (no header line)');
  const header = headerOf(first.fields, first.line);

  async function* batches(): AsyncGenerator<CsvRow[]> {
    for (;;) {
      while (pending.length < batchSize && !done) await readMore();
      if (pending.length === 0) return;
      yield pending.splice(0, batchSize);
    }
  }

  return {
    label: typeof input === 'string' ? input : '<upload>',
    header,
    size,
    get bytesRead() {
      return decoder.bytes;
    },
    get encoding() {
      return decoder.encoding ?? 'utf-8';
    },
    batches,
  };
}
