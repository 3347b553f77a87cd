// One process asking for a database of its own on PostgreSQL, made from the migrations in argv[3]:
// prints "ok" once it has one, or the error. Used to race two processes over a fresh template.
import { pgTarget } from '../../../src/db/pg/open.ts';

const [url, path, folder] = process.argv.slice(2);
try {
  pgTarget(url, path, ':default:', folder);
  process.stdout.write('ok\n');
  process.exit(0);
} catch (error) {
  process.stdout.write(`failed: ${(error as Error).message}\n`);
  process.exit(1);
}
