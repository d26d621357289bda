/**
 * Place-name normalisation for matching names across publishers ("D.I.Khan", "Dera Ismail Khan
 * District", "PESHAWAR"). Pure string functions, shared by the importers, the server and the web.
 */

export interface NormalisedPlace {
  /** Matching key: normalised, spelling folds applied, administrative affixes removed. */
  key: string;
  /** Normalised with the same folds but every word kept ("bajaur agency"). */
  form: string;
  /** Affixes removed to get from `form` to `key`, in the order they were removed. */
  suffixStripped: string[];
}

// Words that name the kind of unit rather than the unit: "Peshawar District" is Peshawar.
// Deliberately absent: "division" (Peshawar Division is seven districts, not Peshawar) and
// "FR"/"Frontier Region" (FR Peshawar is an ex-tribal area, not Peshawar); both are left in the
// key so that only an explicit alias can map them.
const TRAILING_AFFIXES = ['tribal agency', 'agency', 'district', 'distt', 'dist', 'province', 'tehsil', 'city'];
const LEADING_AFFIXES = ['district', 'distt', 'dist', 'tehsil'];

// Transliteration variants of one word. Each maps to the first spelling.
const WORD_FOLDS: Record<string, string> = {
  mohammad: 'muhammad',
  mohammed: 'muhammad',
  muhammed: 'muhammad',
  mohamed: 'muhammad',
  mohd: 'muhammad',
};

// Name endings written either joined or apart by different publishers ("Benazir Abad",
// "Benazirabad"; "Umer Kot", "Umerkot"; "Musa Khel", "Musakhel"): always joined in keys.
const JOINED_ENDINGS = new Set(['abad', 'kot', 'khel']);

const ROMAN_NUMERAL = /^(i{1,3}|iv|vi{0,3}|ix|xi{0,3})$/;

function baseTokens(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/frontier regions?/g, ' fr ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return plain === '' ? [] : plain.split(' ');
}

/** Joins runs of initials: "d i khan" → "di khan", so "D. I. Khan", "D.I.Khan" and "DI Khan" agree. */
function joinInitials(tokens: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const token of tokens) {
    if (token.length === 1 && /\p{L}/u.test(token)) {
      run += token;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(token);
  }
  if (run) out.push(run);
  return out;
}

function foldTokens(tokens: string[]): string[] {
  const out: string[] = [];
  for (const raw of tokens) {
    const token = WORD_FOLDS[raw] ?? raw;
    const previous = out[out.length - 1];
    if (JOINED_ENDINGS.has(token) && previous !== undefined && !/^\d+$/.test(previous)) {
      out[out.length - 1] = previous + token;
    } else {
      out.push(token);
    }
  }
  // Doubled letters are the commonest transliteration variance ("Abbotabad", "Qilla", "Sheerani").
  // Roman numerals keep theirs: "Town-II" is not "Town-I".
  return out.map((token) => (ROMAN_NUMERAL.test(token) ? token : token.replace(/(\p{L})\1+/gu, '$1')));
}

function stripAffixes(words: string, stripped: string[]): string {
  let current = words;
  let changed = true;
  while (changed) {
    changed = false;
    for (const affix of TRAILING_AFFIXES) {
      if (current.endsWith(` ${affix}`)) {
        current = current.slice(0, -affix.length - 1);
        stripped.push(affix);
        changed = true;
      }
    }
    for (const affix of LEADING_AFFIXES) {
      if (current.startsWith(`${affix} `)) {
        current = current.slice(affix.length + 1);
        stripped.push(affix);
        changed = true;
      }
    }
  }
  return current;
}

/** Normalises a place name and reports which administrative affixes were removed. */
export function normalisePlace(text: string): NormalisedPlace {
  const form = foldTokens(joinInitials(baseTokens(text))).join(' ');
  const suffixStripped: string[] = [];
  const key = stripAffixes(form, suffixStripped);
  return { key, form, suffixStripped };
}

/** The matching key of a place name: equal keys mean "the same name, written differently". */
export function placeKey(text: string): string {
  return normalisePlace(text).key;
}

/** Trimmed, single-spaced, lower case: names equal in this form are an "exact" match. */
export function tidyText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early
 * once the distance exceeds `max`: returns `max + 1` in that case.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
