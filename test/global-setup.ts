// Runs once before all suites: fails fast when CI asks for PostgreSQL and it is not configured.
export default function setup(): void {
  process.env.TZ = 'UTC';
  if (process.env.REQUIRE_POSTGRES === '1' && !process.env.TEST_DATABASE_URL) {
    throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
  }
}
