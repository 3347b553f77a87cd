// A solve worker for tests: answers each solve at once with what the pool asked of it (whether the
// bound goes on a second thread), so a test can see the pool's decision without solving anything.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (request) => {
  if (request.type !== 'solve') return;
  parentPort.postMessage({ type: 'done', jobId: request.jobId, result: { boundAlongside: request.boundAlongside === true } });
});
