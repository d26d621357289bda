import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../errors';
import { closeReportBrowser, pdfUnavailable, provinceReportPdf, reportFileName } from '../services/reportService';

/** Where this server can reach itself: loopback when it listens on every address. */
export function selfUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null;
  if (!address || typeof address === 'string') throw pdfUnavailable('the server is not listening on a TCP port');
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(address.address)
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.ctx;
  app.addHook('onClose', closeReportBrowser);

  app.get(
    '/reports/province/:file',
    {
      schema: {
        tags: ['reports'],
        summary: "A province's scorecard for a period as a printable PDF (A4)",
        description:
          'The web page /report/province/{pcode}?period=… printed by headless Chromium on the server, e.g. `/api/v1/reports/province/PK5.pdf?period=2025Q1`. `plan` defaults to the plan whose points fall due each quarter. The same PDF is given again (header `x-report-cache: hit`) until the data change. 503 when the server has no Chromium, or is already printing several reports (try again).',
        params: z.object({ file: z.string().regex(/^PK\d{1,5}\.pdf$/i, 'must be a province P-code followed by .pdf, such as PK5.pdf') }),
        querystring: z.object({
          period: z.string().trim().min(1, 'is required: a period such as 2025Q1'),
          plan: z.string().trim().min(1).max(32).optional(),
          lang: z.enum(['en', 'ur']).default('en'),
        }),
      },
    },
    async (request, reply) => {
      const pcode = request.params.file.slice(0, -4);
      if (!pcode) throw errors.badRequest('file', 'must name a province');
      const { pdf, report, cached } = await provinceReportPdf(db, selfUrl(app), { pcode, period: request.query.period, plan: request.query.plan }, request.query.lang);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${reportFileName(report)}"`)
        .header('x-report-cache', cached ? 'hit' : 'miss')
        .send(pdf);
    },
  );
};
