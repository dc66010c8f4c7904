// Entry point of dist/pg.js: the PostgreSQL client, bundled on its own and loaded only when verification runs.
// Source files import 'pg' dynamically; the build points that import here (see scripts/build.mjs).
import pg from 'pg';

export default pg;
