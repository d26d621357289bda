/**
 * A seeded generator of realistic synthetic incidents in the ACLED export layout, for benchmarks
 * and load tests. The same seed and row count always give the same file.
 *
 * What makes it realistic:
 * - districts weighted like the real data: violence concentrated in Khyber Pakhtunkhwa's merged
 *   districts, its southern districts and Peshawar, and Balochistan's Quetta, Kech, Panjgur and
 *   Kachhi; protests weighted to the large cities;
 * - years following the real arc (high 2010–2014, a low 2017–2020, rising again since 2021) and
 *   seasons (a spring–summer fighting season, a winter lull);
 * - fronts by province (TTP and affiliates in Khyber Pakhtunkhwa, Baloch separatists in
 *   Balochistan, ISKP and sectarian groups where they operate), ACLED's event and sub-event mix,
 *   fatalities with a long tail, actors spelled the way ACLED spells them;
 * - a few thousand named locations (the districts' tehsils) with coordinates inside their district,
 *   notes with commas, quotes and the odd line break.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isAreaGeometry } from '../src/core/geometry';
import { DistrictLocator, type DistrictShape } from '../src/core/locate';

export const ACLED_HEADER = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
];

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    let sum = 0;
    this.cumulative = entries.map((e) => (sum += e[1]));
    this.total = sum;
  }

  pick(random: () => number): T {
    const r = random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

// Relative weights of political violence by district (P-code); others weigh 1 (0.3 in AJK and GB).
const VIOLENCE_WEIGHTS: Record<string, number> = {
  PK525: 60, PK530: 35, PK528: 45, PK503: 40, PK509: 35, PK519: 30, PK513: 35, PK502: 25, PK518: 25, PK533: 20,
  PK524: 15, PK527: 12, PK532: 15, PK514: 12, PK510: 10, PK506: 10, PK523: 8, PK512: 6, PK520: 8, PK535: 6,
  PK526: 6, PK521: 5, PK505: 4, PK531: 4, PK507: 3, PK508: 2, PK529: 3,
  PK226: 40, PK211: 30, PK224: 15, PK205: 15, PK209: 15, PK220: 15, PK213: 15, PK210: 10, PK201: 12, PK204: 12,
  PK216: 10, PK223: 10, PK231: 8, PK228: 8, PK217: 8, PK206: 8, PK230: 6, PK212: 6, PK203: 5, PK219: 6,
  PK234: 5, PK225: 5, PK214: 5, PK235: 5, PK221: 4, PK202: 3, PK222: 6, PK207: 5, PK208: 3,
  PK704: 12, PK702: 10, PK729: 12, PK721: 10, PK712: 8, PK714: 8, PK706: 5, PK713: 3, PK723: 3, PK720: 3, PK707: 3, PK710: 4,
  PK617: 15, PK630: 10, PK401: 8, PK622: 5, PK608: 5, PK607: 6, PK629: 4, PK609: 3, PK632: 3,
};

// Protests and riots follow population: the large cities first.
const PROTEST_WEIGHTS: Record<string, number> = {
  PK617: 40, PK704: 15, PK702: 15, PK721: 15, PK729: 10, PK712: 8, PK714: 8, PK401: 30, PK528: 30, PK226: 25, PK630: 15,
  PK608: 12, PK622: 10, PK609: 8, PK706: 10, PK723: 5, PK713: 5, PK634: 5, PK632: 5, PK603: 5, PK107: 6, PK305: 4,
};

const YEAR_WEIGHTS: [number, number][] = [
  [2010, 10], [2011, 11], [2012, 12], [2013, 12], [2014, 10], [2015, 7], [2016, 5], [2017, 4],
  [2018, 4], [2019, 3.5], [2020, 3.5], [2021, 4], [2022, 6], [2023, 8], [2024, 10], [2025, 11],
];
const MONTH_WEIGHTS = [0.75, 0.8, 0.95, 1.05, 1.15, 1.15, 1.1, 1.1, 1.05, 1.0, 0.95, 0.8];

const EVENT_TYPES = new Weighted<string>([
  ['Protests', 45],
  ['Riots', 5],
  ['Battles', 15],
  ['Explosions/Remote violence', 15],
  ['Violence against civilians', 13],
  ['Strategic developments', 7],
]);

const SUB_EVENTS: Record<string, Weighted<string>> = {
  Protests: new Weighted([['Peaceful protest', 90], ['Protest with intervention', 8], ['Excessive force against protesters', 2]]),
  Riots: new Weighted([['Violent demonstration', 80], ['Mob violence', 20]]),
  Battles: new Weighted([['Armed clash', 90], ['Government regains territory', 7], ['Non-state actor overtakes territory', 3]]),
  'Explosions/Remote violence': new Weighted([
    ['Remote explosive/landmine/IED', 45],
    ['Suicide bomb', 8],
    ['Grenade', 12],
    ['Air/drone strike', 15],
    ['Shelling/artillery/missile attack', 20],
  ]),
  'Violence against civilians': new Weighted([['Attack', 75], ['Abduction/forced disappearance', 25]]),
  'Strategic developments': new Weighted([['Arrests', 50], ['Disrupted weapons use', 25], ['Looting/property destruction', 10], ['Change to group/activity', 10], ['Other', 5]]),
};

const FRONTS_BY_PROVINCE: Record<string, Weighted<string>> = {
  PK5: new Weighted([['ttp', 70], ['iskp', 8], ['sectarian', 5], ['unknown', 17]]),
  PK2: new Weighted([['baloch', 70], ['ttp', 10], ['iskp', 4], ['sectarian', 3], ['unknown', 13]]),
  PK7: new Weighted([['baloch', 15], ['ttp', 20], ['sectarian', 10], ['other', 10], ['unknown', 45]]),
  PK6: new Weighted([['ttp', 40], ['sectarian', 15], ['iskp', 5], ['unknown', 40]]),
  PK4: new Weighted([['ttp', 40], ['sectarian', 10], ['iskp', 5], ['unknown', 45]]),
  other: new Weighted([['ttp', 20], ['sectarian', 10], ['unknown', 70]]),
};

// Groups as ACLED names them, by front.
const GROUPS: Record<string, Weighted<string>> = {
  ttp: new Weighted([
    ['TTP: Tehreek-i-Taliban Pakistan', 75],
    ['JuA: Jamaat-ul-Ahrar', 8],
    ['Hafiz Gul Bahadur Group', 7],
    ['LeI: Lashkar-e-Islam', 4],
    ['TJP: Tehreek-e-Jihad Pakistan', 6],
  ]),
  baloch: new Weighted([
    ['BLA: Baloch Liberation Army', 55],
    ['BLF: Baloch Liberation Front', 30],
    ['BRA: Baloch Republican Army', 5],
    ['BRAS: Baloch Raaji Aajoi Sangar', 5],
    ['UBA: United Baloch Army', 5],
  ]),
  iskp: new Weighted([['IS: Islamic State (Khorasan Province)', 1]]),
  sectarian: new Weighted([['LeJ: Lashkar-e-Jhangvi', 60], ['ASWJ: Ahle Sunnat Wal Jamaat', 20], ['LeJ-A: Lashkar-e-Jhangvi al-Alami', 20]]),
  other: new Weighted([['SRA: Sindhudesh Revolutionary Army', 1]]),
  unknown: new Weighted([['Unidentified Armed Group (Pakistan)', 95], ['Militia (Pro-Government)', 3], ['Unidentified Communal Militia (Pakistan)', 2]]),
};

const PROVINCE_NAMES: Record<string, string> = {
  PK1: 'Azad Kashmir',
  PK2: 'Balochistan',
  PK3: 'Gilgit-Baltistan',
  PK4: 'Islamabad Capital Territory',
  PK5: 'Khyber Pakhtunkhwa',
  PK6: 'Punjab',
  PK7: 'Sindh',
};

const MILITARY = 'Military Forces of Pakistan (2024-)';
const POLICE = 'Police Forces of Pakistan (2024-)';
const CIVILIANS = 'Civilians (Pakistan)';
const PROTESTERS = 'Protesters (Pakistan)';
const RIOTERS = 'Rioters (Pakistan)';
const PARTIES = ['PTI: Pakistan Tehreek-i-Insaf', 'JUI-F: Jamiat Ulema-e-Islam (Fazl)', 'PPP: Pakistan Peoples Party', 'TLP: Tehreek-e-Labbaik Pakistan', 'PTM: Pashtun Tahafuz Movement', 'BYC: Baloch Yakjehti Committee'];
const SOURCES = new Weighted<[string, string]>([
  [['Dawn', 'National'], 30],
  [['The News', 'National'], 15],
  [['Express Tribune', 'National'], 15],
  [['ISPR', 'National'], 10],
  [['Dawn; ISPR', 'National'], 8],
  [['Balochistan Post', 'Subnational'], 8],
  [['Pajhwok Afghan News', 'National-International'], 4],
  [['Business Recorder', 'National'], 5],
  [['Twitter', 'Local partner-Other'], 5],
]);
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Place {
  province: string;
  district: string;
  districtName: string;
  admin3: string;
  location: string;
  lat: string;
  lon: string;
}

/** Named places (tehsils) with a point inside their district. */
function buildPlaces(dataDir: string, random: () => number): Map<string, Place[]> {
  const geojson = JSON.parse(fs.readFileSync(path.join(dataDir, 'boundaries', 'pak_adm2_2022_detailed.geojson'), 'utf8')) as {
    features: { properties: Record<string, string>; geometry: unknown }[];
  };
  const shapes: DistrictShape[] = [];
  for (const f of geojson.features) {
    if (!isAreaGeometry(f.geometry)) continue;
    shapes.push({ pcode: f.properties.ADM2_PCODE!, name: f.properties.ADM2_EN!, province_pcode: f.properties.ADM1_PCODE!, geometry: f.geometry });
  }
  const locator = new DistrictLocator(shapes);
  const tehsils = parse(fs.readFileSync(path.join(dataDir, 'boundaries', 'pak_adm3_tehsils_2022.csv')), { columns: true, bom: true }) as Record<string, string>[];
  const byDistrict = new Map<string, string[]>();
  for (const t of tehsils) {
    const list = byDistrict.get(t.ADM2_PCODE!) ?? [];
    list.push(t.ADM3_EN!);
    byDistrict.set(t.ADM2_PCODE!, list);
  }
  const places = new Map<string, Place[]>();
  for (const shape of shapes) {
    const coords: [number, number][] = [];
    const rings = shape.geometry.type === 'Polygon' ? [shape.geometry.coordinates[0]!] : shape.geometry.coordinates.map((p) => p[0]!);
    for (const ring of rings) for (const [x, y] of ring) coords.push([x!, y!]);
    const xs = coords.map((c) => c[0]);
    const ys = coords.map((c) => c[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
    const names = byDistrict.get(shape.pcode) ?? [shape.name];
    const list: Place[] = [];
    for (let i = 0; i < Math.max(names.length, 3) * 3; i++) {
      const admin3 = names[i % names.length]!;
      let lat = 0;
      let lon = 0;
      for (let attempt = 0; attempt < 200; attempt++) {
        lon = box[0] + random() * (box[2] - box[0]);
        lat = box[1] + random() * (box[3] - box[1]);
        const hit = locator.locate(lat, lon);
        if (hit.status === 'inside' && hit.pcode === shape.pcode) break;
      }
      list.push({
        province: shape.province_pcode,
        district: shape.pcode,
        districtName: shape.name,
        admin3,
        location: i < names.length ? admin3 : `${admin3} ${['Bazaar', 'Road', 'Chowk', 'Village', 'Cantonment'][i % 5]}`,
        lat: lat.toFixed(4),
        lon: lon.toFixed(4),
      });
    }
    places.set(shape.pcode, list);
  }
  return places;
}

function districtWeights(places: Map<string, Place[]>, table: Record<string, number>): Weighted<string> {
  return new Weighted(
    [...places.keys()].map((pcode) => [pcode, table[pcode] ?? (pcode.startsWith('PK1') || pcode.startsWith('PK3') ? 0.3 : 1)] as const),
  );
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Fatalities: mostly few, with a long tail for suicide bombings and large clashes. */
function fatalities(random: () => number, eventType: string, subEvent: string): number {
  if (eventType === 'Protests') return random() < 0.995 ? 0 : 1;
  if (eventType === 'Riots') return random() < 0.95 ? 0 : 1 + Math.floor(random() * 3);
  if (eventType === 'Strategic developments') return 0;
  const mean = subEvent === 'Suicide bomb' ? 10 : eventType === 'Battles' ? 3 : eventType === 'Violence against civilians' ? 1.5 : 2;
  // Exponential with a heavy tail: one event in fifty is five times the mean.
  const base = -Math.log(1 - random()) * mean;
  return Math.round(random() < 0.02 ? base * 5 : base);
}

export interface GenerateOptions {
  rows: number;
  seed: number;
  file: string;
  dataDir: string;
}

export async function generateAcledFile(opts: GenerateOptions): Promise<{ bytes: number }> {
  const random = prng(opts.seed);
  const places = buildPlaces(opts.dataDir, random);
  const violence = districtWeights(places, VIOLENCE_WEIGHTS);
  const protest = districtWeights(places, PROTEST_WEIGHTS);
  const years = new Weighted(YEAR_WEIGHTS);
  const months = new Weighted(MONTH_WEIGHTS.map((w, i) => [i + 1, w] as const));
  const out = fs.createWriteStream(opts.file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${ACLED_HEADER.join(',')}\n`);
  let buffer = '';
  for (let i = 0; i < opts.rows; i++) {
    const eventType = EVENT_TYPES.pick(random);
    const subEvent = SUB_EVENTS[eventType]!.pick(random);
    const isProtest = eventType === 'Protests' || eventType === 'Riots';
    const district = (isProtest ? protest : violence).pick(random);
    const pool = places.get(district)!;
    const place = pool[Math.floor(random() * pool.length)]!;
    const year = years.pick(random);
    const month = months.pick(random);
    const day = 1 + Math.floor(random() * new Date(Date.UTC(year, month, 0)).getUTCDate());
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const front = (FRONTS_BY_PROVINCE[place.province] ?? FRONTS_BY_PROVINCE.other!).pick(random);
    const group = GROUPS[front]!.pick(random);
    let actor1 = group;
    let inter1 = front === 'unknown' ? '3' : '2';
    let actor2 = '';
    let inter2 = '';
    let civilianTargeting = '';
    if (isProtest) {
      actor1 = eventType === 'Protests' ? PROTESTERS : RIOTERS;
      inter1 = eventType === 'Protests' ? '6' : '5';
      if (subEvent !== 'Peaceful protest') {
        actor2 = POLICE;
        inter2 = '1';
      }
    } else if (eventType === 'Battles') {
      if (random() < 0.6) {
        actor2 = group;
        inter2 = inter1;
        actor1 = random() < 0.7 ? MILITARY : POLICE;
        inter1 = '1';
      } else {
        actor2 = random() < 0.7 ? MILITARY : POLICE;
        inter2 = '1';
      }
    } else if (subEvent === 'Air/drone strike' || subEvent === 'Shelling/artillery/missile attack') {
      actor1 = MILITARY;
      inter1 = '1';
      actor2 = group;
      inter2 = front === 'unknown' ? '3' : '2';
    } else if (eventType === 'Strategic developments') {
      actor1 = subEvent === 'Arrests' || subEvent === 'Disrupted weapons use' ? POLICE : group;
      inter1 = actor1 === POLICE ? '1' : inter1;
      actor2 = actor1 === POLICE ? group : '';
      inter2 = actor2 ? (front === 'unknown' ? '3' : '2') : '';
    } else {
      actor2 = random() < 0.5 ? CIVILIANS : random() < 0.5 ? POLICE : MILITARY;
      inter2 = actor2 === CIVILIANS ? '7' : '1';
      if (actor2 === CIVILIANS) civilianTargeting = 'Civilian targeting';
    }
    const killed = fatalities(random, eventType, subEvent);
    const [source, scale] = SOURCES.pick(random);
    const party = PARTIES[Math.floor(random() * PARTIES.length)]!;
    const when = `${day} ${MONTH_NAMES[month - 1]} ${year}`;
    let notes = isProtest
      ? `On ${when}, supporters of ${party.split(': ')[1]} ${eventType === 'Riots' ? 'clashed with police and set tyres on fire' : 'held a demonstration'} in ${place.location}, ${place.districtName} district, demanding ${random() < 0.5 ? 'the release of detained workers' : 'action against load-shedding, inflation and "missing persons"'}.`
      : `On ${when}, ${actor1.split(': ').pop()} ${subEvent.toLowerCase()} in ${place.location} area of ${place.districtName} district${actor2 ? ` involving ${actor2.split(': ').pop()}` : ''}. ${killed} reported killed, ${Math.round(killed * 1.5)} injured.`;
    if (random() < 0.001) notes += '\nUpdated: casualty figures revised by officials.';
    const timePrecision = random() < 0.9 ? '1' : random() < 0.8 ? '2' : '3';
    const geoPrecision = random() < 0.7 ? '1' : random() < 0.83 ? '2' : '3';
    const interaction = inter2 ? `${Math.min(Number(inter1), Number(inter2))}${Math.max(Number(inter1), Number(inter2))}` : `${inter1}0`;
    const disorder = isProtest ? 'Demonstrations' : eventType === 'Strategic developments' ? 'Strategic developments' : 'Political violence';
    const timestamp = String(Math.floor(Date.UTC(year, month - 1, day) / 1000) + 86_400 * (3 + Math.floor(random() * 30)));
    const row = [
      `PAK${i + 1}`,
      iso,
      String(year),
      timePrecision,
      disorder,
      eventType,
      subEvent,
      actor1,
      '',
      inter1,
      actor2,
      '',
      inter2,
      interaction,
      civilianTargeting,
      '586',
      'Southern Asia',
      'Pakistan',
      PROVINCE_NAMES[place.province] ?? '',
      place.districtName,
      place.admin3,
      place.location,
      place.lat,
      place.lon,
      geoPrecision,
      source,
      scale,
      notes,
      String(killed),
      '',
      timestamp,
    ];
    buffer += `${row.map(csvField).join(',')}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { bytes: fs.statSync(opts.file).size };
}
