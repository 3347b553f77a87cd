import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration to drizzle/ from the schema files; commit it.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.ROTA_DB ?? 'data/rota.db' },
});
