import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../errors';
import { getDistrict, listDistricts, listProvinces } from '../repositories/gazetteerRepository';
import { latestValuesForArea } from '../repositories/indicatorRepository';
import { errorResponses, pcodeParam } from './schemas';

const centroid = z.object({ lat: z.number(), lon: z.number() });
const provinceSchema = z.object({ pcode: z.string(), name: z.string(), centroid });
const districtSchema = z.object({
  pcode: z.string(),
  name: z.string(),
  province_pcode: z.string(),
  province_name: z.string(),
  centroid,
  area_km2: z.number().nullable(),
});
const candidate = z.object({ pcode: z.string(), name: z.string(), province_pcode: z.string(), reason: z.string() });

export const geoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;

  app.get(
    '/geo/provinces',
    { schema: { tags: ['geography'], summary: 'Provinces and territories (ADM1)', response: { 200: z.object({ data: z.array(provinceSchema) }) } } },
    async () => {
      const rows = await listProvinces(db);
      return { data: rows.map((p) => ({ pcode: p.pcode, name: p.name, centroid: { lat: p.centroid_lat, lon: p.centroid_lon } })) };
    },
  );

  app.get(
    '/geo/districts',
    {
      schema: {
        tags: ['geography'],
        summary: 'Districts (ADM2), optionally within one province',
        querystring: z.object({ province: pcodeParam.optional() }),
        response: { 200: z.object({ data: z.array(districtSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { province } = request.query;
      if (province && !(await listProvinces(db)).some((p) => p.pcode === province)) throw errors.notFound('Province', province);
      const rows = await listDistricts(db, { province });
      return { data: rows.map(presentDistrict) };
    },
  );

  app.get(
    '/geo/districts/:pcode',
    {
      schema: {
        tags: ['geography'],
        summary: 'One district with the latest value of each indicator',
        params: z.object({ pcode: pcodeParam }),
        response: {
          200: z.object({
            district: districtSchema,
            indicators: z.array(
              z.object({ code: z.string(), name: z.string(), unit: z.string().nullable(), year: z.number().int(), value: z.number() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const district = await getDistrict(db, request.params.pcode);
      if (!district) throw errors.notFound('District', request.params.pcode);
      const values = await latestValuesForArea(db, district.pcode);
      return {
        district: presentDistrict(district),
        indicators: values.map((v) => ({ code: v.code, name: v.name, unit: v.unit, year: v.year, value: v.value })),
      };
    },
  );

  app.get(
    '/geo/resolve',
    {
      schema: {
        tags: ['geography'],
        summary: 'Resolve a place name or a coordinate to a P-code',
        description:
          'Give `name` (optionally `province` to restrict the search and `date` to honour alias validity) or `lat` and `lon`. Ambiguous or unknown names are reported with candidates, never guessed; a former or wider unit (undivided Chitral, Karachi as a whole) is `split` with its successor districts as candidates. A coordinate is `inside` a district, `nearest` (outside every polygon but within 25 km of one) or `outside` Pakistan.',
        querystring: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          province: z.string().trim().min(1).max(100).optional(),
          date: z.iso.date().optional(),
          lat: z.coerce.number().min(-90).max(90).optional(),
          lon: z.coerce.number().min(-180).max(180).optional(),
        }),
        response: {
          200: z.object({
            query: z.record(z.string(), z.union([z.string(), z.number()])),
            status: z.enum(['matched', 'ambiguous', 'split', 'unknown', 'inside', 'nearest', 'outside']),
            level: z.number().int().optional(),
            pcode: z.string().optional(),
            name: z.string().optional(),
            province_pcode: z.string().optional(),
            confidence: z.number().optional(),
            method: z.string().optional(),
            distance_km: z.number().optional(),
            reason: z.string(),
            candidates: z.array(candidate).optional(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const hasPoint = q.lat !== undefined || q.lon !== undefined;
      if (hasPoint) {
        if (q.lat === undefined) throw errors.badRequest('lat', 'is required with lon');
        if (q.lon === undefined) throw errors.badRequest('lon', 'is required with lat');
        const result = (await app.ctx.geo.getLocator()).locate(q.lat, q.lon);
        return { query: { lat: q.lat, lon: q.lon }, level: result.pcode ? 2 : undefined, ...result };
      }
      if (!q.name) throw errors.validation([{ field: 'name', message: 'give a place name, or lat and lon' }]);
      const gazetteer = await app.ctx.geo.getGazetteer();
      const result = gazetteer.resolve(q.name, { province: q.province, date: q.date });
      const { query: _query, ...rest } = result;
      const query: Record<string, string> = { name: q.name };
      if (q.province) query.province = q.province;
      if (q.date) query.date = q.date;
      return { query, ...rest };
    },
  );

  app.get(
    '/geo/boundaries',
    {
      schema: {
        tags: ['geography'],
        summary: 'Simplified boundaries as GeoJSON (level 1 provinces, level 2 districts)',
        querystring: z.object({ level: z.enum(['1', '2']).default('2') }),
      },
    },
    async (request, reply) => {
      const level = Number(request.query.level) as 1 | 2;
      void reply.header('cache-control', 'public, max-age=3600').type('application/geo+json');
      return reply.send(app.ctx.geo.boundaryGeoJson(app.ctx.config.dataDir, level));
    },
  );
};

function presentDistrict(d: {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
  centroid_lat: number;
  centroid_lon: number;
  area_km2: number | null;
}) {
  return {
    pcode: d.pcode,
    name: d.name,
    province_pcode: d.province_pcode,
    province_name: d.province_name,
    centroid: { lat: d.centroid_lat, lon: d.centroid_lon },
    area_km2: d.area_km2,
  };
}
