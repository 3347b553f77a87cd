// The README's monthly payroll example, run as written: the shell blocks are read from README.md and
// each curl command is sent to the app (on a database loaded as `npm start` loads it), with only the
// README's <placeholders> filled in. If the text and the API drift apart, this fails.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDb, type Db } from '../../src/db/client.ts';
import { loadFixturesIfEmpty } from '../../src/services/startup.ts';
import { createToken } from '../../src/services/tokens.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// After the sanctuary's November: the example records a session that has happened.
const NOW = new Date('2026-12-05T12:00:00Z');

/** The first ```sh block under a "## " heading that contains `needle`. */
function shBlock(heading: string, needle: string): string {
  const at = README.indexOf(`\n## ${heading}\n`);
  if (at < 0) throw new Error(`README has no "## ${heading}" section`);
  const section = README.slice(at + 1).split(/\n## /)[0];
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes(needle));
  if (!block) throw new Error(`no sh block with "${needle}" under "## ${heading}"`);
  return block;
}

/** Shell words of one command: '...' literal, "..." and bare words expand $NAME. */
function words(line: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  const expand = (s: string) => s.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    if (!(name in env)) throw new Error(`$${name} is not set in the README block`);
    return env[name];
  });
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${line}`);
      const text = line.slice(i + 1, end);
      word = (word ?? '') + (c === '"' ? expand(text) : text);
      i = end;
    } else {
      let j = i;
      while (j < line.length && !` \t'"`.includes(line[j])) j++;
      word = (word ?? '') + expand(line.slice(i, j));
      i = j - 1;
    }
  }
  if (word !== null) out.push(word);
  return out;
}

interface Ran {
  readonly command: string;
  readonly res: LightMyRequestResponse;
}

/** Runs a block: NAME=value lines set variables, curl lines become requests, -o saves the body. */
async function run(app: FastifyInstance, block: string, fill: Record<string, string>, files: Map<string, string>): Promise<Ran[]> {
  let text = block.replace(/\\\n/g, ' ');
  for (const [placeholder, value] of Object.entries(fill)) text = text.split(placeholder).join(value);
  const leftover = /<[a-z][a-z ]*>/.exec(text);
  if (leftover) throw new Error(`README placeholder ${leftover[0]} has no value in this test`);
  const env: Record<string, string> = {};
  const ran: Ran[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$/.exec(line);
    if (assign) {
      env[assign[1]] = words(assign[2], env).join(' ');
      continue;
    }
    const [cmd, ...args] = words(line, env);
    if (cmd !== 'curl') throw new Error(`only curl is run here, not: ${line}`);
    let method = 'GET';
    let payload: string | undefined;
    let out: string | undefined;
    let url: string | undefined;
    const headers: Record<string, string> = {};
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-s') continue;
      else if (a === '-X') method = args[++i];
      else if (a === '-H') {
        const [name, ...value] = args[++i].split(':');
        headers[name.trim().toLowerCase()] = value.join(':').trim();
      } else if (a === '-d') {
        payload = args[++i];
        if (method === 'GET') method = 'POST';
      } else if (a === '-o') out = args[++i];
      else if (a.startsWith('-')) throw new Error(`curl option ${a} is not understood by this test`);
      else url = a;
    }
    if (!url?.startsWith('localhost:3000/')) throw new Error(`unexpected URL ${url}`);
    const res = await app.inject({ method: method as 'GET', url: url.slice('localhost:3000'.length), headers, ...(payload !== undefined ? { payload } : {}) });
    if (out) files.set(out, res.body);
    ran.push({ command: line, res });
  }
  return ran;
}

/** RFC 4180 rows (the export quotes only what needs it). */
function csvRows(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && body[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe("README's monthly payroll example", () => {
  let db: Db;
  let app: FastifyInstance;
  let tokens: { manager: string; payroll: string };
  beforeAll(async () => {
    db = openDb(':memory:');
    loadFixturesIfEmpty(db, fileURLToPath(new URL('../../fixtures/', import.meta.url)), () => NOW);
    app = await buildApp({ db, now: () => NOW, solve: { maxMoves: 3000 } });
    tokens = { manager: createToken(db, { role: 'manager' }).token, payroll: createToken(db, { role: 'payroll' }).token };
  });
  afterAll(async () => {
    await app.close();
  });

  it('plans the week, then every payroll command succeeds and the files read as the README says', async () => {
    const files = new Map<string, string>();
    // "Plan a week" in the HTTP API section: the rota the payroll example uses.
    const plan = await run(app, shBlock('HTTP API', 'weekStart'), { '<manager token>': tokens.manager, '<id>': 'pending' }, files);
    const created = plan.find((r) => r.command.includes('weekStart'))!.res;
    expect(created.statusCode, created.body).toBe(202);
    const rotaId = created.json().id as string;
    await app.ctx.rotas.idle();
    const rota = (await app.inject({ method: 'GET', url: `/rotas/${rotaId}`, headers: { authorization: `Bearer ${tokens.manager}` } })).json();
    const thursday = (rota.assignments as { slotId: string; staffId: string }[]).find((a) => a.slotId === 'tpl-drop-in@2026-11-26');
    expect(thursday, 'someone is placed on Thursday 26 Nov').toBeDefined();

    const ran = await run(app, shBlock('Payroll', '/payroll/'), {
      '<manager token>': tokens.manager, '<payroll token>': tokens.payroll, '<rota id>': rotaId, '<staff id>': thursday!.staffId,
    }, files);
    expect(ran.length).toBeGreaterThanOrEqual(7);
    for (const r of ran) expect(r.res.statusCode, `${r.command}\n-> ${r.res.body.slice(0, 400)}`).toBeLessThan(300);

    // The drop-in: 17:30 to 00:45 GMT is 435 minutes, 105 of them after 23:00; at the worker's own rate.
    const staff = JSON.parse(readFileSync(new URL('../../fixtures/crisis-sanctuary.json', import.meta.url), 'utf8')).staff as { id: string; costPencePerHour: number }[];
    const rate = staff.find((s) => s.id === thursday!.staffId)!.costPencePerHour;
    const pence = Math.round((435 * rate) / 60);
    const detail = csvRows(files.get('payroll-2026-11.csv')!);
    const line = detail.find((r) => r.row_type === 'session')!;
    expect(line).toMatchObject({
      period_start: '2026-11-01', period_end: '2026-12-01', worker_id: thursday!.staffId, session_id: `${rotaId}/tpl-drop-in@2026-11-26`,
      worked_minutes: '435', worked_hours: '7.25', paid_minutes: '435', night_minutes: '105', pay_gbp: `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`,
    });
    expect(detail.filter((r) => r.row_type === 'session')).toHaveLength(1);
    // Every other place of the published week is listed as unsigned, with no figures.
    const unsigned = detail.filter((r) => r.row_type === 'unsigned');
    expect(unsigned.length).toBe((rota.assignments as unknown[]).length - 1);
    expect(unsigned.every((r) => r.outcome === 'not-recorded' && r.pay_gbp === '')).toBe(true);
    const totals = csvRows(files.get('payroll-totals-2026-11.csv')!);
    expect(totals.find((r) => r.worker_id === thursday!.staffId)).toMatchObject({ paid_lines: '1', worked_minutes: '435', pay_gbp: line.pay_gbp });
    // The lock took, and November's export is now fixed.
    expect(ran[ran.length - 1].res.json()).toMatchObject({ periodId: '2026-11-01', endDate: '2026-12-01', lines: 1 });
  });
});
