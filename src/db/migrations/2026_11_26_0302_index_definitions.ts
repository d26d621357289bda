import type { Kysely } from 'kysely';
import { idColumn } from './helpers';

// Stored definitions of the impact, deprivation and risk indices (one row per version, never
// edited) and their published releases (one row per name and release label, never edited or
// deleted: values, parameters and the hash of the inputs as they were when published).
// Version 1 of each definition is written here, frozen with the migration.
const V1: Record<string, unknown> = {
  impact: {
    weights: { incidents: 1, deaths: 3, injuries: 0.5, hostages: 0.5 },
    window_weights: [16, 8, 4, 2, 1],
    categories: ['militant_attack'],
    estimate: 'best',
    top: 10,
  },
  deprivation: {
    indicators: [
      { code: 'poverty_rate', weight: 1, goalposts: [0, 100] },
      { code: 'literacy_rate', weight: 1, goalposts: [0, 100] },
      { code: 'improved_water', weight: 1, goalposts: [0, 100] },
      { code: 'flush_toilet', weight: 1, goalposts: [0, 100] },
    ],
    reference_year: null,
    min_available_share: 0.5,
  },
  risk: {
    impact_version: 1,
    deprivation_version: 1,
    coping_indicators: [
      { code: 'accessibility_health_pct_of_population_within_15_1qp3i4d', weight: 1, goalposts: [0, 100] },
      { code: 'access_to_electricity_pct_of_population', weight: 1, goalposts: [0, 100] },
    ],
    implementation_dimension: 'non-kinetic',
    implementation_period: null,
    reference_year: null,
  },
};

const DESCRIPTIONS: Record<string, string> = {
  impact: 'Terrorism impact score (GTI manner): weights 1, 3, 0.5, 0.5; window 16/8/4/2/1; militant attacks; best estimates; log scale 0–10',
  deprivation: 'Deprivation index: poverty rate, literacy, improved water, flush toilets; goalposts 0–100; equal weights; at least half present',
  risk: 'Risk index (INFORM manner): geometric mean of impact v1, deprivation v1 / 10 and lack of coping capacity (health access, electricity, non-kinetic implementation)',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(db);
  await db.schema
    .createTable('index_definitions')
    .addColumn('id', id.type, id.build)
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addUniqueConstraint('index_definitions_name_version_uq', ['name', 'version'])
    .execute();
  await db.schema
    .createTable('index_releases')
    .addColumn('id', id.type, id.build)
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .addColumn('release', 'varchar(64)', (c) => c.notNull())
    .addColumn('definition_version', 'integer', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('inputs_hash', 'varchar(80)', (c) => c.notNull())
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addUniqueConstraint('index_releases_name_release_uq', ['name', 'release'])
    .execute();
  const now = new Date().toISOString();
  await (db as Kysely<Record<string, Record<string, unknown>>>)
    .insertInto('index_definitions')
    .values(
      Object.entries(V1).map(([name, parameters]) => ({
        name,
        version: 1,
        description: DESCRIPTIONS[name] ?? null,
        parameters: JSON.stringify(parameters),
        created_at: now,
        created_by: null,
      })),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('index_releases').execute();
  await db.schema.dropTable('index_definitions').execute();
}
