import type { Db } from '../../db/database';
import { loadImportContext, type ImportContext } from '../../importers/incidents/importIncidents';
import type { GeoService } from './geoService';

const contexts = new WeakMap<GeoService, Promise<ImportContext>>();

/**
 * What placing and group matching need (gazetteer, district boundaries, groups catalogue), built on
 * first use from the server's cached gazetteer and kept for the life of the process.
 */
export function incidentContext(db: Db, geo: GeoService): Promise<ImportContext> {
  let ctx = contexts.get(geo);
  if (!ctx) {
    ctx = Promise.all([geo.getGazetteer(), geo.getLocator()]).then(([gazetteer, locator]) => loadImportContext(db, { gazetteer, locator }));
    ctx.catch(() => contexts.delete(geo));
    contexts.set(geo, ctx);
  }
  return ctx;
}
