// A solve worker for tests: a solve whose problem has a worker with the id "stuck" never ends (the
// thread spins, as a solve that does not return would); everything else is the real worker's.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import('../../src/services/solve-worker.ts');
// Registered after the real handler, which only queues its work for later: this one spins first.
parentPort.on('message', (request) => {
  if (request.type === 'solve' && request.problem.workers.some((w) => w.id === 'stuck')) {
    for (;;) {
      // Spin: only terminating the thread stops this.
    }
  }
});
