import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/incidentPolicy';
import type { Actor } from '../../core/policies/types';
import { errors } from '../errors';
import { exportHeader, exportRow, geoJsonFeature, presentIncident } from '../presenters/incidents';
import { countIncidentsByDistrict } from '../queries/countIncidentsByDistrict';
import type { IncidentFilters } from '../queries/incidentFilters';
import { CursorError, decodeCursor, encodeCursor, listIncidents, streamIncidents } from '../queries/listIncidents';
import { readGroups, incidentsPerGroup } from '../repositories/groupRepository';
import { incidentContext } from '../services/incidentContext';
import * as incidentService from '../services/incidentService';
import { auditContext, guard } from './context';
import {
  clusterSchema,
  createIncidentBody,
  idParams,
  incidentExportQuery,
  incidentFiltersQuery,
  incidentListQuery,
  incidentSchema,
  deleteIncidentBody,
  updateIncidentBody,
} from './incidentSchemas';
import { errorResponses } from './schemas';

const EDIT_MESSAGE = 'Only analysts, national coordinators and administrators change incidents';
const editor = (action: 'create' | 'update' | 'delete' | 'link') => (actor: NonNullable<Actor>) => can(actor, action);

type FilterQuery = { [K in keyof IncidentFilters]?: IncidentFilters[K] };

function filtersOf(query: FilterQuery): IncidentFilters {
  if (query.from && query.to && query.from > query.to) throw errors.badRequest('to', `must not be before from (${query.from})`);
  return query;
}

const writeResponse = z.object({ incident: incidentSchema, warning: z.string().nullable() });
const linkResponse = z.object({ incident: incidentSchema, cluster: clusterSchema.nullable() });

export const incidentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, geo } = app.ctx;

  app.get(
    '/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents matching the filters, a page at a time',
        description:
          'Lists (comma-separated) filter on any of their values; filters combine with AND. `from`/`to` bound the start date (a day, month or year). Pages: pass `next_cursor` back as `cursor` with the same sort. For delta sync, page with `sort=updated&updated_since=…&include_deleted=true`: deleted incidents come back as tombstones (`deleted_at` set).',
        querystring: incidentListQuery,
        response: { 200: z.object({ data: z.array(incidentSchema), next_cursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { sort, limit, cursor, ...query } = request.query;
      let after;
      if (cursor) {
        try {
          after = decodeCursor(cursor, sort);
        } catch (error) {
          if (error instanceof CursorError) throw errors.badRequest('cursor', error.message);
          throw error;
        }
      }
      const page = await listIncidents(db.kysely, filtersOf(query), sort, limit, after);
      return { data: page.rows.map(presentIncident), next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/incidents.csv',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Every incident matching the filters, as CSV (streamed)',
        description: 'The same filters as /incidents. The file re-imports with the `nap-monitor-export` mapping.',
        querystring: incidentExportQuery,
      },
    },
    async (request, reply) => {
      const { sort, ...query } = request.query;
      const filters = filtersOf(query);
      async function* lines() {
        yield exportHeader();
        for await (const rows of streamIncidents(db.kysely, filters, sort)) yield rows.map(exportRow).join('');
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="incidents.csv"')
        .send(Readable.from(lines()));
    },
  );

  app.get(
    '/incidents.geojson',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Every incident matching the filters, as a GeoJSON FeatureCollection (streamed)',
        description: 'Incidents without coordinates are features with a null geometry.',
        querystring: incidentExportQuery,
      },
    },
    async (request, reply) => {
      const { sort, ...query } = request.query;
      const filters = filtersOf(query);
      async function* chunks() {
        yield '{"type":"FeatureCollection","features":[';
        let first = true;
        for await (const rows of streamIncidents(db.kysely, filters, sort)) {
          const text = rows.map(geoJsonFeature).join(',');
          yield first ? text : `,${text}`;
          first = false;
        }
        yield ']}';
      }
      return reply
        .type('application/geo+json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="incidents.geojson"')
        .send(Readable.from(chunks()));
    },
  );

  app.get(
    '/incidents/by-district',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, killed and injured per district for the filters, each duplicate cluster counted once',
        querystring: z.object(incidentFiltersQuery),
        response: {
          200: z.object({
            data: z.array(z.object({ district_pcode: z.string(), incidents: z.number().int(), killed: z.number().int(), injured: z.number().int() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ data: await countIncidentsByDistrict(db.kysely, filtersOf(request.query)) }),
  );

  app.get(
    '/incident-groups',
    {
      schema: {
        tags: ['incidents'],
        summary: 'The perpetrator groups catalogue: fronts, spellings, and incidents per group',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                front: z.string(),
                parent_code: z.string().nullable(),
                aliases: z.array(z.string()),
                incidents: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const [groups, counts] = await Promise.all([readGroups(db), incidentsPerGroup(db)]);
      return { data: groups.map((g) => ({ ...g, incidents: counts.get(g.code) ?? 0 })) };
    },
  );

  app.get(
    '/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its sources, its duplicate cluster and its history',
        params: idParams,
        response: {
          200: z.object({
            incident: incidentSchema,
            sources: z.array(z.object({ id: z.string(), citation: z.string() })),
            cluster: clusterSchema.nullable(),
            revisions: z.array(
              z.object({ id: z.number().int(), action: z.string(), batch_id: z.number().int().nullable(), actor_id: z.number().int().nullable(), created_at: z.string() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const detail = await incidentService.getIncidentDetail(db, request.params.id);
      return {
        incident: presentIncident(detail.row),
        sources: detail.sources,
        cluster: detail.cluster && { ...detail.cluster, members: detail.cluster.members.map(presentIncident) },
        revisions: detail.revisions.map((r) => ({ ...r, id: Number(r.id), batch_id: r.batch_id === null ? null : Number(r.batch_id) })),
      };
    },
  );

  app.post(
    '/incidents',
    {
      preValidation: guard(editor('create'), EDIT_MESSAGE),
      schema: {
        tags: ['incidents'],
        summary: 'Enter an incident by hand (analysts, national coordinators, administrators)',
        description: 'Placed like an imported row: by `district_pcode` when given, else by coordinates or place names.',
        body: createIncidentBody,
        response: { 201: writeResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const ctx = await incidentContext(db, geo);
      const { row, warning } = await incidentService.createIncident(db, ctx, request.body, auditContext(request));
      return reply.status(201).send({ incident: presentIncident(row), warning });
    },
  );

  app.patch(
    '/incidents/:id',
    {
      preValidation: guard(editor('update'), EDIT_MESSAGE),
      schema: {
        tags: ['incidents'],
        summary: 'Correct an incident; fields not sent keep their value',
        params: idParams,
        body: updateIncidentBody,
        response: { 200: writeResponse, ...errorResponses },
      },
    },
    async (request) => {
      const ctx = await incidentContext(db, geo);
      const { updated_at: read, ...changes } = request.body;
      const { row, warning } = await incidentService.updateIncidentById(db, ctx, request.params.id, changes, auditContext(request), read);
      return { incident: presentIncident(row), warning };
    },
  );

  app.delete(
    '/incidents/:id',
    {
      preValidation: guard(editor('delete'), EDIT_MESSAGE),
      schema: {
        tags: ['incidents'],
        summary: 'Delete an incident (it stays as a tombstone for delta sync)',
        description:
          'An optional JSON body `{ "reason": "…", "updated_at": "…" }`: the reason is kept in the audit entry of the deletion; `updated_at`, as read, refuses the deletion with 409 if the incident changed since.',
        params: idParams,
        body: deleteIncidentBody,
        response: { 200: z.object({ incident: incidentSchema }), ...errorResponses },
      },
    },
    async (request) => ({
      incident: presentIncident(
        await incidentService.deleteIncidentById(db, request.params.id, auditContext(request), request.body?.reason, request.body?.updated_at),
      ),
    }),
  );

  app.post(
    '/incidents/:id/links',
    {
      preValidation: guard(editor('link'), EDIT_MESSAGE),
      schema: {
        tags: ['incidents'],
        summary: 'Link two incidents as reports of the same event, whatever the automatic rule says',
        params: idParams,
        body: z.object({ incident: z.number().int().positive('must be a positive id') }).strict(),
        response: { 200: linkResponse, ...errorResponses },
      },
    },
    async (request) => {
      const row = await incidentService.linkIncidents(db, request.params.id, request.body.incident, auditContext(request));
      const cluster = await incidentService.clusterOf(db, row);
      return { incident: presentIncident(row), cluster: cluster && { ...cluster, members: cluster.members.map(presentIncident) } };
    },
  );

  app.delete(
    '/incidents/:id/links/:other',
    {
      preValidation: guard(editor('link'), EDIT_MESSAGE),
      schema: {
        tags: ['incidents'],
        summary: 'Keep two incidents apart (break their link), whatever the automatic rule says',
        params: idParams.extend({ other: z.coerce.number().int('must be a whole number').positive('must be a positive id') }),
        response: { 200: linkResponse, ...errorResponses },
      },
    },
    async (request) => {
      const row = await incidentService.separateIncidents(db, request.params.id, request.params.other, auditContext(request));
      const cluster = await incidentService.clusterOf(db, row);
      return { incident: presentIncident(row), cluster: cluster && { ...cluster, members: cluster.members.map(presentIncident) } };
    },
  );
};
