import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:pg` writes a new PostgreSQL migration to drizzle-pg/ from the same schema
// (src/db/schema-pg.ts derives the PostgreSQL tables from src/db/schema/); commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './drizzle-pg',
});
