import type { FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../core/policies/incidentPolicy';
import type { Actor } from '../../core/policies/types';
import { INCIDENT_FORMATS } from '../../importers/incidents/importIncidents';
import { errors } from '../errors';
import * as importService from '../services/importService';
import { guard } from './context';
import { errorResponses } from './schemas';

/** Uploads larger than this are refused with 413; the command line imports files of any size. */
export const UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024;

const RAW_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', 'text/plain'];
const IMPORT_MESSAGE = 'Only analysts, national coordinators and administrators import data';
const importer = (action: 'import' | 'undo_import') => (actor: NonNullable<Actor>) => can(actor, action);

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const batchSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  format: z.string(),
  file: z.string(),
  status: z.string(),
  created_at: z.string(),
  created_by: z.number().int().nullable(),
  undone_at: z.string().nullable(),
  report: z.record(z.string(), z.unknown()),
});

const reportSchema = z.record(z.string(), z.unknown());

interface Upload {
  bytes: Buffer;
  filename: string;
  fields: Record<string, string>;
}

/** Reads the upload: a multipart form (field `file`, plus optional text fields) or a raw CSV body. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw errors.badRequest('file', `send the file as multipart/form-data (field "file") or as the body with content type ${RAW_TYPES[0]}`);
    return { bytes: body, filename: 'upload.csv', fields: {} };
  }
  let file: { bytes: Buffer; filename: string } | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = { bytes, filename: part.filename || 'upload.csv' };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) throw errors.payloadTooLarge(UPLOAD_LIMIT_BYTES);
    throw error;
  }
  if (!file) throw errors.badRequest('file', 'the form has no file field named "file"');
  return { ...file, fields };
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, geo, config } = app.ctx;

  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });
  // A raw CSV body is read here, counting bytes, so an oversized upload is refused with the API's
  // own 413 error before it is held in memory.
  app.addContentTypeParser(RAW_TYPES, (_request, payload, done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    payload.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > UPLOAD_LIMIT_BYTES) {
        failed = true;
        payload.resume();
        done(errors.payloadTooLarge(UPLOAD_LIMIT_BYTES), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (!failed) done(null, Buffer.concat(chunks));
    });
    payload.on('error', (error) => {
      if (!failed) done(error, undefined);
    });
  });

  app.post(
    '/imports',
    {
      preValidation: guard(importer('import'), IMPORT_MESSAGE),
      schema: {
        tags: ['imports'],
        summary: 'Import an incident file (ACLED, UCDP GED, GTD, or CSV with a mapping) as one reversible batch',
        description: `The file comes as multipart/form-data (field \`file\`; optional fields \`format\`, \`mapping\`, \`dry_run\`) or as the raw body (text/csv). At most ${UPLOAD_LIMIT_BYTES / (1024 * 1024)} MiB (413 beyond). \`mapping\` names a shipped mapping (suicide-attacks, curated-incidents, nap-monitor-export) or is the JSON of one. Answers 201 with the report when a batch was written, 200 for a dry run or when nothing changed.`,
        querystring: z.object({
          format: z.enum(INCIDENT_FORMATS).optional(),
          mapping: z.string().max(100).optional(),
          dry_run: flag.optional(),
        }),
        response: { 200: reportSchema, 201: reportSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request);
      const formatText = upload.fields.format ?? request.query.format;
      const format = INCIDENT_FORMATS.find((f) => f === formatText);
      if (!format) throw errors.badRequest('format', `must be one of ${INCIDENT_FORMATS.join(', ')}`);
      const dryRunText = upload.fields.dry_run;
      const dryRun = dryRunText !== undefined ? dryRunText === 'true' || dryRunText === '1' : (request.query.dry_run ?? false);
      const report = await importService.importUpload(db, geo, config, {
        format,
        mapping: upload.fields.mapping ?? request.query.mapping,
        bytes: upload.bytes,
        filename: upload.filename,
        dryRun,
        actorId: request.user?.id ?? null,
      });
      return reply.status(report.batch ? 201 : 200).send({ ...report });
    },
  );

  app.get(
    '/imports',
    {
      preValidation: guard(importer('import'), IMPORT_MESSAGE),
      schema: {
        tags: ['imports'],
        summary: 'Import batches, newest first, with their reports',
        querystring: z.object({
          kind: z.enum(['incidents', 'indicators']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ data: z.array(batchSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ data: await importService.listBatchViews(db, request.query.kind, request.query.limit) }),
  );

  app.get(
    '/imports/:id',
    {
      preValidation: guard(importer('import'), IMPORT_MESSAGE),
      schema: {
        tags: ['imports'],
        summary: 'One import batch and its row-level report',
        params: z.object({ id: z.coerce.number().int('must be a whole number').positive('must be a positive id') }),
        response: { 200: batchSchema, ...errorResponses },
      },
    },
    async (request) => importService.getBatchView(db, request.params.id),
  );

  app.delete(
    '/imports/:id',
    {
      preValidation: guard(importer('undo_import'), IMPORT_MESSAGE),
      schema: {
        tags: ['imports'],
        summary: 'Undo an import batch: incidents it created become tombstones, those it changed get their previous state back',
        params: z.object({ id: z.coerce.number().int('must be a whole number').positive('must be a positive id') }),
        response: { 200: z.object({ undone: z.record(z.string(), z.unknown()), batch: batchSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const undone = await importService.undoBatch(db, request.params.id);
      return { undone, batch: await importService.getBatchView(db, request.params.id) };
    },
  );
};
