/**
 * Perpetrator groups and their fronts. The data sets spell Pakistan's groups many ways ("TTP:
 * Tehreek-i-Taliban Pakistan", "Tehrik-i-Taliban Pakistan (TTP)", "TTP"); each spelling in the
 * catalogue resolves to one group. Actors that are not groups (state forces, civilians, crowds,
 * an unidentified armed group) are recognised as such; any other actor is reported as unknown and
 * kept as text, never guessed.
 */
import { detach, isFront, type Front } from './incidents';

export interface GroupRecord {
  code: string;
  name: string;
  front: Front;
  parent_code: string | null;
  aliases: string[];
}

export type ActorKind = 'group' | 'state' | 'civilians' | 'crowd' | 'unidentified' | 'unknown';

export interface ActorResolution {
  kind: ActorKind;
  text: string;
  group?: GroupRecord;
}

export interface Perpetrator {
  group: GroupRecord | null;
  front: Front | null;
  /** Actor texts that are neither a catalogue group nor a recognised non-group actor. */
  unknown: string[];
}

// Joining words between the parts of a name ("Tehrik-i-Taliban", "Jamaat-ul-Ahrar", "Jaish al-Fursan").
const CONNECTORS = new Set(['e', 'i', 'ul', 'al', 'el', 'ud', 'us', 'ut', 'of', 'the']);

// Transliteration variants, after doubled letters are collapsed: each maps to one spelling.
const WORD_FOLDS: Record<string, string> = {
  tehrek: 'tehrik',
  tahrik: 'tehrik',
  tahrek: 'tehrik',
  mohamad: 'muhamad',
  mohamed: 'muhamad',
  muhamed: 'muhamad',
  baluch: 'baloch',
  baluchistan: 'balochistan',
  jehad: 'jihad',
  qaeda: 'qaida',
  jaysh: 'jaish',
  nefaz: 'nafaz',
  nifaz: 'nafaz',
  tayiba: 'taiba',
  tayba: 'taiba',
  jhangwi: 'jhangvi',
  mujahiden: 'mujahidin',
  mujahedin: 'mujahidin',
};

/** Matching key of a group name: equal keys mean "the same name, spelled differently". */
export function groupKey(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`ʼ]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (plain === '') return '';
  const out: string[] = [];
  for (const raw of plain.split(' ')) {
    if (CONNECTORS.has(raw)) continue;
    const collapsed = /^\d+$/.test(raw) ? raw : raw.replace(/(\p{L})\1+/gu, '$1');
    out.push(WORD_FOLDS[collapsed] ?? collapsed);
  }
  return out.join(' ');
}

const PARENTHETICAL = /\s*\([^)]*\)/g;

/** The readings of an actor text to try, most literal first. */
function readings(text: string): string[] {
  const out = [text, text.replace(PARENTHETICAL, '')];
  const colon = text.indexOf(':');
  if (colon > 0) {
    const after = text.slice(colon + 1);
    out.push(after, after.replace(PARENTHETICAL, ''), text.slice(0, colon));
  }
  for (const m of text.matchAll(/\(([^)]*)\)/g)) out.push(m[1]!);
  return out;
}

// Actors that are not perpetrator groups, recognised by how their names start (ACLED, UCDP and
// GTD wording): state forces of any country, civilians, crowds, and unidentified perpetrators.
const STATE_START =
  /^(military forces|police forces|government of|govt of|frontier corps|fc\b|rangers|levies|ctd\b|counter terrorism department|security forces|armed forces|pakistan army|army\b|navy\b|air force|isi\b|inter services intelligence|intelligence bureau|prison guards|border police|customs)/;
const CIVILIAN_START = /^civilians?\b/;
const CROWD_START = /^(protesters|rioters|protestors)\b/;
const UNIDENTIFIED_START = /^(unidentified|unknown|unnamed|gunmen\b|militants\b|armed men\b|assailants\b|not known\b)/;

function plainLower(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const MEMO_LIMIT = 50_000;

export class GroupCatalogue {
  private readonly byCode = new Map<string, GroupRecord>();
  private readonly byKey = new Map<string, GroupRecord>();
  private readonly memo = new Map<string, ActorResolution>();

  /** @throws Error when two groups claim the same spelling, or a group has an unknown front. */
  constructor(groups: readonly GroupRecord[]) {
    for (const g of groups) {
      if (!isFront(g.front)) throw new Error(`group ${g.code}: unknown front "${g.front}"`);
      this.byCode.set(g.code, g);
    }
    for (const g of groups) {
      for (const spelling of [g.code, g.name, ...g.aliases]) {
        const key = groupKey(spelling);
        if (key === '') continue;
        const other = this.byKey.get(key);
        if (other && other.code !== g.code) {
          throw new Error(`"${spelling}" names both ${other.code} and ${g.code} in the groups catalogue`);
        }
        this.byKey.set(key, g);
      }
    }
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): GroupRecord | undefined {
    return this.byCode.get(code);
  }

  all(): GroupRecord[] {
    return [...this.byCode.values()];
  }

  /** Which group (or which kind of non-group actor) an actor text names. */
  resolveActor(text: string): ActorResolution {
    const cached = this.memo.get(text);
    if (cached) return cached;
    const kept = detach(text);
    const result = this.resolveUncached(kept);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(kept, result);
    return result;
  }

  private resolveUncached(text: string): ActorResolution {
    const trimmed = text.trim();
    for (const reading of readings(trimmed)) {
      const group = this.byKey.get(groupKey(reading));
      if (group) return { kind: 'group', text: trimmed, group };
    }
    const lower = plainLower(trimmed);
    if (STATE_START.test(lower)) return { kind: 'state', text: trimmed };
    if (CIVILIAN_START.test(lower)) return { kind: 'civilians', text: trimmed };
    if (CROWD_START.test(lower)) return { kind: 'crowd', text: trimmed };
    if (UNIDENTIFIED_START.test(lower)) return { kind: 'unidentified', text: trimmed };
    return { kind: 'unknown', text: trimmed };
  }

  /**
   * The perpetrator among an incident's actors: the first that is a catalogue group, in the order
   * given (the named perpetrator, then actor 1, its associates, actor 2…). Without a group, an
   * unidentified or uncatalogued actor makes the front `unknown`; state forces, civilians and
   * crowds alone leave it empty.
   */
  perpetrator(actors: readonly (string | null | undefined)[]): Perpetrator {
    const unknown: string[] = [];
    let unidentified = false;
    for (const actor of actors) {
      if (!actor || actor.trim() === '') continue;
      const r = this.resolveActor(actor);
      if (r.kind === 'group') return { group: r.group!, front: r.group!.front, unknown };
      if (r.kind === 'unidentified') unidentified = true;
      if (r.kind === 'unknown') unknown.push(r.text);
    }
    return { group: null, front: unidentified || unknown.length > 0 ? 'unknown' : null, unknown };
  }
}

/** Parses the `aliases` cell of the catalogue file: spellings separated by `;`. */
export function splitAliases(cell: string | null | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Actor texts to try for the perpetrator: the named one, then each actor and its associates. */
export function actorTexts(incident: {
  perpetrator: string | null;
  actor1: string | null;
  assoc_actor1: string | null;
  actor2: string | null;
  assoc_actor2: string | null;
}): string[] {
  const out: string[] = [];
  for (const text of [incident.perpetrator, incident.actor1, incident.assoc_actor1, incident.actor2, incident.assoc_actor2]) {
    if (!text) continue;
    // ACLED lists several associated actors in one cell, separated by semicolons.
    for (const part of text.split(';')) if (part.trim()) out.push(part.trim());
  }
  return out;
}

export type PerpetratorChoice = (Perpetrator & { error?: undefined }) | { error: string };

/**
 * The perpetrator of an incident: the group stated for it (which must be in the catalogue), else
 * the first actor that names a group. Protests and riots have no perpetrator.
 */
export function choosePerpetrator(
  catalogue: GroupCatalogue,
  incident: Parameters<typeof actorTexts>[0] & { group_code: string | null; category: string },
): PerpetratorChoice {
  if (incident.group_code) {
    const group = catalogue.get(incident.group_code) ?? catalogue.resolveActor(incident.group_code).group;
    if (!group) return { error: `${incident.group_code} is not in the groups catalogue` };
    return { group, front: group.front, unknown: [] };
  }
  if (incident.category === 'protest_riot') return { group: null, front: null, unknown: [] };
  return catalogue.perpetrator(actorTexts(incident));
}
