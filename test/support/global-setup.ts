// Before any test: build the web app where `npm start` puts it, so routes that serve pages (the
// privacy and logging walks call every route, `/` included) meet the app a user gets, not the
// "not built yet" answer of a fresh clone. esbuild does it in about a second.
import { buildWeb } from '../../src/web/build.ts';

export default async function setup(): Promise<void> {
  await buildWeb();
}
