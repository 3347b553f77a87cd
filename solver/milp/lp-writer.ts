// Builds a MILP in memory and writes it as CPLEX LP text (the format highs' solve(lpString) reads).
// Linear expressions fold fixed variables into constants, so a neighbourhood model only carries
// the variables that are free in it.

export type VarKind = 'binary' | 'continuous';

/** A linear expression: sum coef[i] * var[i] + constant. Variables are indices into the model. */
export class LinExpr {
  readonly vars: number[] = [];
  readonly coefs: number[] = [];
  constant = 0;

  add(variable: number, coef = 1): this {
    if (coef !== 0) {
      this.vars.push(variable);
      this.coefs.push(coef);
    }
    return this;
  }

  addConstant(value: number): this {
    this.constant += value;
    return this;
  }

  addExpr(other: LinExpr, factor = 1): this {
    for (let i = 0; i < other.vars.length; i++) this.add(other.vars[i], other.coefs[i] * factor);
    this.constant += other.constant * factor;
    return this;
  }

  get isConstant(): boolean {
    return this.vars.length === 0;
  }
}

interface Row {
  readonly name: string;
  readonly vars: number[];
  readonly coefs: number[];
  readonly sense: '<=' | '>=' | '=';
  readonly rhs: number;
}

export class LpModel {
  private readonly names: string[] = [];
  private readonly kinds: VarKind[] = [];
  private readonly costs: number[] = [];
  private readonly rows: Row[] = [];
  private readonly byName = new Map<string, number>();
  /** Constant part of the objective (fixed variables' costs, penalties already decided). */
  offset = 0;
  /** When set, every hard row gets a slack paid at this weight instead of being strict. */
  hardSlackWeight: number | undefined;
  private slackCount = 0;

  addVar(name: string, kind: VarKind, cost = 0): number {
    if (this.byName.has(name)) throw new Error(`duplicate MILP variable ${name}`);
    const index = this.names.length;
    this.names.push(name);
    this.kinds.push(kind);
    this.costs.push(cost);
    this.byName.set(name, index);
    return index;
  }

  addCost(variable: number, cost: number): void {
    this.costs[variable] += cost;
  }

  /** Adds `weight * expr` to the objective (the constant part goes to the offset). */
  addObjective(expr: LinExpr, weight: number): void {
    for (let i = 0; i < expr.vars.length; i++) this.costs[expr.vars[i]] += expr.coefs[i] * weight;
    this.offset += expr.constant * weight;
  }

  /**
   * expr (sense) rhs. A row with no free variable is dropped: it is decided already and the
   * independent scoring judges it. `hard` rows take a paid slack when hardSlackWeight is set.
   */
  addRow(name: string, expr: LinExpr, sense: '<=' | '>=' | '=', rhs: number, hard = true): void {
    if (expr.isConstant) {
      // Decided already. In slack mode a broken hard row still shows in the objective.
      if (hard && this.hardSlackWeight !== undefined) {
        const v = expr.constant;
        const breach = sense === '<=' ? v - rhs : sense === '>=' ? rhs - v : Math.abs(v - rhs);
        if (breach > 1e-9) this.offset += breach * this.hardSlackWeight;
      }
      return;
    }
    const merged = new Map<number, number>();
    for (let i = 0; i < expr.vars.length; i++) {
      merged.set(expr.vars[i], (merged.get(expr.vars[i]) ?? 0) + expr.coefs[i]);
    }
    const vars: number[] = [];
    const coefs: number[] = [];
    for (const [v, c] of merged) {
      if (c !== 0) {
        vars.push(v);
        coefs.push(c);
      }
    }
    if (vars.length === 0) return;
    if (hard && this.hardSlackWeight !== undefined) {
      if (sense === '<=' || sense === '=') {
        vars.push(this.addVar(`hs${this.slackCount++}`, 'continuous', this.hardSlackWeight));
        coefs.push(-1);
      }
      if (sense === '>=' || sense === '=') {
        vars.push(this.addVar(`hs${this.slackCount++}`, 'continuous', this.hardSlackWeight));
        coefs.push(1);
      }
    }
    this.rows.push({ name, vars, coefs, sense, rhs: rhs - expr.constant });
  }

  get variableCount(): number {
    return this.names.length;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  get binaryCount(): number {
    return this.kinds.filter((k) => k === 'binary').length;
  }

  nameOf(variable: number): string {
    return this.names[variable];
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** Objective value of a full assignment of values by name (offset included). */
  objectiveOf(values: Readonly<Record<string, number>>): number {
    let total = this.offset;
    for (let i = 0; i < this.names.length; i++) total += this.costs[i] * (values[this.names[i]] ?? 0);
    return total;
  }

  /** The model as LP text; `relax` drops integrality (binaries become 0..1 continuous) for a bound. */
  toLpText(relax = false): string {
    // An empty model still needs one column for readers and solvers to accept it.
    if (this.names.length === 0) this.addVar('empty_', 'continuous');
    const out: string[] = ['Minimize'];
    const objTerms: string[] = [];
    for (let i = 0; i < this.names.length; i++) {
      if (this.costs[i] !== 0) objTerms.push(term(this.costs[i], this.names[i], objTerms.length === 0));
    }
    if (objTerms.length === 0 && this.names.length > 0) objTerms.push(`0 ${this.names[0]}`);
    out.push(...wrap(' obj:', objTerms));
    out.push('Subject To');
    for (const row of this.rows) {
      const terms = row.vars.map((v, i) => term(row.coefs[i], this.names[v], i === 0));
      const lines = wrap(` ${row.name}:`, terms);
      lines[lines.length - 1] += ` ${row.sense} ${num(row.rhs)}`;
      out.push(...lines);
    }
    // Every variable appears in a Bounds line or a section so the reader knows all of them.
    const binaries = this.names.filter((_, i) => this.kinds[i] === 'binary');
    const continuous = this.names.filter((_, i) => this.kinds[i] === 'continuous');
    if (continuous.length > 0 || (relax && binaries.length > 0)) {
      out.push('Bounds');
      for (const name of continuous) out.push(` ${name} >= 0`);
      if (relax) for (const name of binaries) out.push(` 0 <= ${name} <= 1`);
    }
    if (binaries.length > 0 && !relax) {
      out.push('Binary');
      for (let i = 0; i < binaries.length; i += 16) out.push(' ' + binaries.slice(i, i + 16).join(' '));
    }
    out.push('End');
    return out.join('\n') + '\n';
  }
}

function num(value: number): string {
  // LP text wants plain decimals; integers stay integers.
  return Number.isInteger(value) ? String(value) : value.toPrecision(15).replace(/\.?0+$/, '');
}

function term(coef: number, name: string, first: boolean): string {
  const sign = coef < 0 ? '-' : first ? '' : '+';
  const abs = Math.abs(coef);
  const body = abs === 1 ? name : `${num(abs)} ${name}`;
  return sign === '' ? body : `${sign} ${body}`;
}

/** LP readers limit line length; continuation lines are allowed anywhere between tokens. */
function wrap(head: string, terms: string[]): string[] {
  const lines: string[] = [];
  let current = head;
  for (const t of terms) {
    if (current.length + t.length > 200) {
      lines.push(current);
      current = '  ';
    }
    current += ` ${t}`;
  }
  lines.push(current);
  return lines;
}
