// Worker threads start without tsx's loader (Node 20 cannot strip types): register it, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./solve-worker.ts');
