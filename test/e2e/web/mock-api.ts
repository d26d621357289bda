// A stand-in for the HTTP API with the same contract, for working on the web app without a
// database: `node --import tsx test/e2e/web/mock-api.ts [port]` serves dist/web and /api/v1 from
// the bundled boundaries, with made-up indicator values.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const web = path.join(root, 'dist/web');

interface RawFeature {
  type: 'Feature';
  geometry: unknown;
  properties: Record<string, string>;
}

function readFeatures(file: string): RawFeature[] {
  return (JSON.parse(fs.readFileSync(path.join(root, 'data/boundaries', file), 'utf8')) as { features: RawFeature[] })
    .features;
}

const districts = readFeatures('pak_adm2_2022_simplified.geojson').map((f) => ({
  type: 'Feature' as const,
  geometry: f.geometry,
  properties: {
    pcode: f.properties.ADM2_PCODE!,
    name: f.properties.ADM2_EN!,
    province_pcode: f.properties.ADM1_PCODE!,
    province_name: f.properties.ADM1_EN!,
  },
}));
const provinces = readFeatures('pak_adm1_2022_simplified.geojson').map((f) => ({
  type: 'Feature' as const,
  geometry: f.geometry,
  properties: { pcode: f.properties.ADM1_PCODE!, name: f.properties.ADM1_EN! },
}));

/** A deterministic pseudo-random number in [0, 1) per text. */
function noise(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

const indicators = [
  {
    code: 'population', name: 'Population', unit: 'people', direction: 'neutral', domain: 'Demography',
    source: 'Mock census', licence: 'CC BY 4.0', definition: 'Resident population.', years: [2017, 2023],
    value: (pcode: string, year: number) => Math.round(200_000 + noise(pcode) ** 2 * 5_000_000 * (year === 2023 ? 1.1 : 1)),
    missing: () => false,
  },
  {
    code: 'poverty_rate', name: 'Poverty rate', unit: '%', direction: 'higher_is_worse', domain: 'Household welfare',
    source: 'Mock survey', licence: 'CC BY 4.0', definition: 'Share of people below the poverty line.', years: [2014, 2019],
    value: (pcode: string, year: number) => Math.round((5 + noise(`${pcode}p${year}`) * 70) * 10) / 10,
    missing: (pcode: string) => pcode.startsWith('PK3') || pcode.startsWith('PK1'),
  },
  {
    code: 'literacy_rate', name: 'Adult literacy', unit: '%', direction: 'higher_is_better', domain: 'Education',
    source: 'Mock survey', licence: 'CC BY 4.0', definition: null, years: [2019],
    value: (pcode: string) => Math.round((20 + noise(`${pcode}l`) * 70) * 10) / 10,
    missing: (pcode: string) => noise(pcode) < 0.1,
  },
];

function describe(i: (typeof indicators)[number]) {
  const { value: _value, missing: _missing, ...rest } = i;
  return {
    ...rest,
    first_year: Math.min(...i.years),
    last_year: Math.max(...i.years),
    districts: districts.filter((d) => !i.missing(d.properties.pcode)).length,
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function notFound(res: http.ServerResponse, message: string): void {
  send(res, 404, { error: { id: 'not_found', status: 404, message } });
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export function startMockApi(port = 0, delayMs = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const respond = () => {
      if (url.pathname === '/api/v1/geo/boundaries') {
        const level = url.searchParams.get('level');
        if (level !== '1' && level !== '2') {
          send(res, 400, { error: { id: 'validation', status: 400, message: 'Invalid query', fields: [{ field: 'level', message: 'must be 1 or 2' }] } });
          return;
        }
        send(res, 200, { type: 'FeatureCollection', features: level === '1' ? provinces : districts });
        return;
      }
      if (url.pathname === '/api/v1/indicators') {
        send(res, 200, { data: indicators.map(describe) });
        return;
      }
      const match = /^\/api\/v1\/indicators\/([^/]+)\/values$/.exec(url.pathname);
      if (match) {
        const indicator = indicators.find((i) => i.code === decodeURIComponent(match[1]!));
        if (!indicator) return notFound(res, 'Indicator not found');
        const year = Number(url.searchParams.get('year') ?? Math.max(...indicator.years));
        if (!indicator.years.includes(year)) return notFound(res, `No values for ${year}`);
        const data = districts
          .filter((d) => !indicator.missing(d.properties.pcode))
          .map((d) => ({ ...d.properties, province_name: undefined, value: indicator.value(d.properties.pcode, year) }));
        send(res, 200, { indicator: describe(indicator), year, data });
        return;
      }
      if (url.pathname.startsWith('/api/')) return notFound(res, 'Route not found');
      const file = path.join(web, path.normalize(url.pathname).replace(/^[/\\]+/, ''));
      const target = file.startsWith(web) && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(web, 'index.html');
      res.writeHead(200, { 'content-type': types[path.extname(target)] ?? 'application/octet-stream' });
      fs.createReadStream(target).pipe(res);
    };
    setTimeout(respond, url.pathname.startsWith('/api/') ? delayMs : 0);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] === import.meta.filename) {
  const { url } = await startMockApi(Number(process.argv[2] ?? 8080), Number(process.argv[3] ?? 0));
  console.log(`Mock API and web app on ${url}`);
}
