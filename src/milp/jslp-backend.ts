// javascript-lp-solver behind the MilpBackend interface: a pure-JavaScript fallback for tiny models
// (no WebAssembly). It reads the subset of CPLEX LP text that solver/milp writes. It proves no dual
// bound for a MIP, so `bound` is only set when the model has no integer variable.

import jsLpSolverModule from 'javascript-lp-solver';
import type { MilpBackend, MilpResult, MilpSolveOptions } from '../../solver/milp/backend.ts';

interface ParsedLp {
  objective: Map<string, number>;
  rows: { name: string; terms: Map<string, number>; sense: '<=' | '>=' | '='; rhs: number }[];
  binaries: Set<string>;
  variables: Set<string>;
  /** Continuous variables bounded by 1 (a relaxed binary). */
  upperOne: Set<string>;
}

// CommonJS-typed package loaded through its ESM build, whose default export is the solver.
const jsLpSolver = jsLpSolverModule as unknown as { Solve(model: unknown): unknown };

const SECTION = /^(minimize|minimise|subject to|bounds|binary|binaries|general|generals|end)$/i;

/** Reads the LP subset written by solver/milp/lp-writer.ts: Minimize, Subject To, Bounds (>= 0), Binary. */
export function parseLpText(lp: string): ParsedLp {
  const sections = new Map<string, string[]>();
  let current = '';
  for (const raw of lp.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (SECTION.test(line)) {
      current = line.toLowerCase();
      sections.set(current, []);
      continue;
    }
    if (current === '') throw new Error(`lp: text before the first section: ${line}`);
    sections.get(current)!.push(line);
  }
  const variables = new Set<string>();
  const readTerms = (tokens: string[], into: Map<string, number>): void => {
    let sign = 1;
    let coef: number | undefined;
    for (const t of tokens) {
      if (t === '+') sign = 1;
      else if (t === '-') sign = -1;
      else if (/^[0-9.eE+-]+$/.test(t) && !Number.isNaN(Number(t))) coef = Number(t);
      else {
        into.set(t, (into.get(t) ?? 0) + sign * (coef ?? 1));
        variables.add(t);
        sign = 1;
        coef = undefined;
      }
    }
  };
  const statements = (lines: string[]): string[][] => {
    const out: string[][] = [];
    for (const line of lines) {
      const tokens = line.split(/\s+/).filter((t) => t !== '');
      if (tokens[0]?.endsWith(':')) out.push(tokens);
      else if (out.length > 0) out[out.length - 1].push(...tokens);
      else throw new Error(`lp: expected "name:" at ${line}`);
    }
    return out;
  };
  const objective = new Map<string, number>();
  const objLines = sections.get('minimize') ?? sections.get('minimise');
  if (!objLines) throw new Error('lp: only minimisation models are read');
  for (const st of statements(objLines)) readTerms(st.slice(1), objective);
  const rows: ParsedLp['rows'] = [];
  for (const st of statements(sections.get('subject to') ?? [])) {
    const at = st.findIndex((t) => t === '<=' || t === '>=' || t === '=');
    if (at < 0) throw new Error(`lp: row ${st[0]} has no sense`);
    const terms = new Map<string, number>();
    readTerms(st.slice(1, at), terms);
    rows.push({ name: st[0].slice(0, -1), terms, sense: st[at] as '<=' | '>=' | '=', rhs: Number(st[at + 1]) });
  }
  const upperOne = new Set<string>();
  for (const line of sections.get('bounds') ?? []) {
    const m = /^(\S+)\s*>=\s*0$/.exec(line);
    const box = /^0\s*<=\s*(\S+)\s*<=\s*1$/.exec(line);
    if (m) variables.add(m[1]);
    else if (box) {
      variables.add(box[1]);
      upperOne.add(box[1]);
    } else throw new Error(`lp: only "name >= 0" and "0 <= name <= 1" bounds are read, got ${line}`);
  }
  const binaries = new Set<string>();
  for (const line of [...(sections.get('binary') ?? []), ...(sections.get('binaries') ?? [])]) {
    for (const name of line.split(/\s+/).filter((t) => t !== '')) {
      binaries.add(name);
      variables.add(name);
    }
  }
  return { objective, rows, binaries, variables, upperOne };
}

export function createJsLpBackend(): MilpBackend {
  return {
    name: 'javascript-lp-solver',
    solve(lp: string, opts: MilpSolveOptions): MilpResult {
      const parsed = parseLpText(lp);
      const OBJ = '__objective';
      const variables: Record<string, Record<string, number>> = {};
      for (const v of parsed.variables) variables[v] = { [OBJ]: parsed.objective.get(v) ?? 0 };
      const constraints: Record<string, { min?: number; max?: number; equal?: number }> = {};
      for (const row of parsed.rows) {
        constraints[row.name] = row.sense === '<=' ? { max: row.rhs } : row.sense === '>=' ? { min: row.rhs } : { equal: row.rhs };
        for (const [v, c] of row.terms) variables[v][row.name] = c;
      }
      // Binaries need an explicit upper bound row in this solver.
      const binaries: Record<string, 1> = {};
      for (const v of [...parsed.binaries, ...parsed.upperOne]) {
        if (!opts.relaxation && parsed.binaries.has(v)) binaries[v] = 1;
        constraints[`__ub_${v}`] = { max: 1 };
        variables[v][`__ub_${v}`] = 1;
      }
      const model = {
        optimize: OBJ,
        opType: 'min' as const,
        constraints,
        variables,
        binaries,
        options: opts.timeLimitSeconds !== undefined ? { timeout: opts.timeLimitSeconds * 1000 } : undefined,
      };
      const raw = jsLpSolver.Solve(model) as { feasible?: boolean; result?: number; bounded?: boolean } & Record<string, unknown>;
      if (!raw || !raw.feasible) {
        return { status: raw && raw.feasible === false ? 'infeasible' : 'unknown', objective: Number.NaN, values: {} };
      }
      const values: Record<string, number> = {};
      for (const v of parsed.variables) {
        const x = raw[v];
        values[v] = typeof x === 'number' ? x : 0;
      }
      let objective = 0;
      for (const [v, c] of parsed.objective) objective += c * values[v];
      const exact = parsed.binaries.size === 0 || opts.relaxation === true;
      // Without a time limit the search ran to the end; with one it may have stopped early, unsaid.
      const status = opts.timeLimitSeconds === undefined ? 'optimal' : 'feasible';
      return { status, objective, bound: exact && status === 'optimal' ? objective : undefined, values };
    },
  };
}
