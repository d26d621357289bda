import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Db } from '../db/database';
import type { Config } from './config';
import { AppError, errors, renderError } from './errors';
import { authPlugin } from './plugins/auth';
import { authRoutes } from './routes/auth';
import { geoRoutes } from './routes/geo';
import { healthRoutes } from './routes/health';
import { indicatorRoutes } from './routes/indicators';
import { importRoutes } from './routes/imports';
import { analyticsRoutes } from './routes/analytics';
import { analyticsReleaseRoutes } from './routes/analyticsReleases';
import { incidentRoutes } from './routes/incidents';
import { auditRoutes } from './routes/audit';
import { planRoutes } from './routes/plans';
import { progressRoutes } from './routes/progress';
import { reportRoutes } from './routes/reports';
import { settingRoutes } from './routes/settings';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import { GeoService } from './services/geoService';

export interface AppContext {
  db: Db;
  config: Config;
  geo: GeoService;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export interface BuildAppOptions {
  db: Db;
  config: Config;
  logger?: boolean;
}

export async function buildApp({ db, config, logger = true }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 50 * 1024 * 1024,
  });
  app.decorate('ctx', { db, config, geo: new GeoService(db) });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      appError = errors.validation(
        error.validation.map((v) => {
          const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? where);
          return { field, message: v.message ?? 'invalid' };
        }),
      );
    } else if (typeof (error as { statusCode?: number }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500) {
      const e = error as { statusCode: number; code?: string; message: string };
      appError = new AppError(e.code?.toLowerCase() ?? 'bad_request', e.statusCode, e.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      appError = errors.internal();
    }
    void reply.status(appError.status).send(renderError(appError));
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'NAP Monitor API',
        description:
          'Plan implementation, incidents and district context for monitoring Pakistan\'s National Action Plan. Errors share one shape: `{ "error": { "id", "status", "message", "fields"?, "details"? } }`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nap_session' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin);
  await app.register(healthRoutes, { prefix: '/api/v1' });
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(geoRoutes, { prefix: '/api/v1' });
  await app.register(indicatorRoutes, { prefix: '/api/v1' });
  await app.register(planRoutes, { prefix: '/api/v1' });
  await app.register(progressRoutes, { prefix: '/api/v1' });
  await app.register(auditRoutes, { prefix: '/api/v1' });
  await app.register(tokenRoutes, { prefix: '/api/v1' });
  await app.register(userRoutes, { prefix: '/api/v1' });
  await app.register(settingRoutes, { prefix: '/api/v1' });
  await app.register(incidentRoutes, { prefix: '/api/v1' });
  await app.register(importRoutes, { prefix: '/api/v1' });
  await app.register(analyticsReleaseRoutes, { prefix: '/api/v1' });
  await app.register(analyticsRoutes, { prefix: '/api/v1' });
  await app.register(reportRoutes, { prefix: '/api/v1' });

  const indexFile = path.join(config.webDir, 'index.html');
  if (fs.existsSync(indexFile)) {
    await app.register(fastifyStatic, { root: config.webDir, prefix: '/', wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/');
    if (isPage && fs.existsSync(indexFile)) {
      // Client-side routes: every non-API page is the single-page app.
      return reply.type('text/html').send(fs.createReadStream(indexFile));
    }
    if (isPage) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app has not been built: run `npm run build:web` (npm start does it). The API is at /api/docs.');
    }
    const e = errors.routeNotFound(request.method, request.url.split('?')[0] ?? request.url);
    return reply.status(e.status).send(renderError(e));
  });

  return app;
}
