// Only when running the TypeScript sources (tests, tsx): worker threads start without tsx's loader
// (Node 20 cannot strip types), so register it, then load the worker. Compiled code loads solve-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker.ts');
