// The load generator's HTTP client over loopback, and the seeded shuffle of the accepts.
import http from 'node:http';
import { HOST } from './workload.ts';

/** One request to the server with a bearer token; the body as text. */
export type Call = (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; body: string }>;

/** A Call over the agent's keep-alive sockets. */
export function caller(agent: http.Agent, port: number): Call {
  return (method, path, token, body) => request(agent, port, method, path, token, body);
}

function request(agent: http.Agent, port: number, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: HOST,
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Fisher-Yates with a small seeded generator (mulberry32), so runs are repeatable. */
export function shuffle<T>(xs: T[], seed: number): void {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
