// The fairness league table for a manager: every worker's weekends, nights, bank holidays, late
// shifts and Christmas/New Year days over the rolling twelve months, sortable by each; adjusting a
// count (add to it or set it) or resetting a worker's or the whole service's counts, each with a
// reason; and the history of those changes with who made them and why.
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { ApiError, describeError, get, post } from '../api.ts';
import { CATEGORY_WORDS, FIELD_WORDS, historyWhat, type Category, type HistoryEntry, type LeagueRow, type LeagueTable } from '../components/fairness.ts';
import { useLatest } from '../components/latest.ts';
import { useService } from '../components/service-picker.tsx';
import { Alert, Loading, formatDate, formatInstant } from '../components/ui.tsx';
import { usePageTitle } from '../router.tsx';

type SortKey = Category | 'total' | 'name';
const ALL = '*';

/** A refusal in words, each field by its label on the form. */
export function refusal(e: unknown): string {
  if (e instanceof ApiError && e.errors.length > 0) {
    return e.errors.map((f) => `${FIELD_WORDS[f.path] ?? f.path}: ${f.message.replace(/^is required$/, 'required: say why')}.`).join(' ');
  }
  return describeError(e);
}

function sorted(rows: LeagueRow[], key: SortKey, descending: boolean): LeagueRow[] {
  const value = (r: LeagueRow) => (key === 'total' ? r.total : key === 'name' ? 0 : r.counts[key]);
  return [...rows].sort((a, b) => {
    const d = key === 'name' ? a.name.localeCompare(b.name) : value(a) - value(b);
    return (descending ? -d : d) || a.name.localeCompare(b.name);
  });
}

function SortHeader({ label, k, sort, onSort }: { label: string; k: SortKey; sort: { key: SortKey; descending: boolean }; onSort: (k: SortKey) => void }) {
  const active = sort.key === k;
  return (
    <th scope="col" class={k === 'name' ? undefined : 'num'} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort-button" onClick={() => onSort(k)}>
        {label}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

function AdjustForm({ base, table, onDone }: { base: string; table: LeagueTable; onDone: (text: string) => void }) {
  const [staffId, setStaffId] = useState(table.rows[0]?.staffId ?? '');
  const [category, setCategory] = useState<Category>('weekends');
  const [mode, setMode] = useState<'add' | 'set'>('add');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const n = amount.trim() === '' ? Number.NaN : Number(amount);
    try {
      const row = await post<LeagueRow>(`${base}/fairness/adjustments`, { staffId, category, [mode === 'add' ? 'delta' : 'value']: Number.isFinite(n) ? n : amount, reason: reason.trim() || undefined });
      onDone(`Saved: ${row.name}'s ${CATEGORY_WORDS[category].toLowerCase()} now count ${row.counts[category]}.`);
      setAmount('');
      setReason('');
    } catch (e) {
      setError(refusal(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="adjust-heading">
      <h3 id="adjust-heading">Adjust a count</h3>
      <p class="muted">For work the rotas do not show, or a count that is wrong. A count never goes below 0.</p>
      <div class="field-row">
        <div>
          <label for="adjust-staff">Worker</label>
          <select id="adjust-staff" value={staffId} onChange={(e) => setStaffId(e.currentTarget.value)}>
            {[...table.rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => (
              <option key={r.staffId} value={r.staffId}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="adjust-category">What</label>
          <select id="adjust-category" value={category} onChange={(e) => setCategory(e.currentTarget.value as Category)}>
            {table.categories.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_WORDS[c]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>Change</legend>
        <label class="checkbox">
          <input type="radio" name="adjust-mode" checked={mode === 'add'} onChange={() => setMode('add')} /> Add to the count (a minus number takes off)
        </label>
        <label class="checkbox">
          <input type="radio" name="adjust-mode" checked={mode === 'set'} onChange={() => setMode('set')} /> Set the count to
        </label>
      </fieldset>
      <label for="adjust-amount">{mode === 'add' ? 'Number to add' : 'New count'}</label>
      <input id="adjust-amount" type="number" inputMode="numeric" step={1} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      <label for="adjust-reason">Reason (required, kept in the history)</label>
      <input id="adjust-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      {error && <Alert kind="error">Not saved. {error}</Alert>}
      <button type="submit" class="button" disabled={busy}>
        Save adjustment
      </button>
    </form>
  );
}

function ResetForm({ base, table, onDone }: { base: string; table: LeagueTable; onDone: (text: string) => void }) {
  const [who, setWho] = useState(table.rows[0]?.staffId ?? ALL);
  const [categories, setCategories] = useState<Category[]>([...table.categories]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function reset(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await post(`${base}/fairness/resets`, { ...(who === ALL ? { allStaff: true } : { staffId: who }), categories, reason: reason.trim() || undefined });
      const name = who === ALL ? 'Everyone' : (table.rows.find((r) => r.staffId === who)?.name ?? who);
      onDone(`Reset: ${name}'s counts start again from 0 now.`);
      setReason('');
    } catch (e) {
      setError(refusal(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={reset} noValidate aria-labelledby="reset-heading">
      <h3 id="reset-heading">Reset counts</h3>
      <p class="muted">From now, the counts chosen start again from 0: shifts and adjustments before the reset stop counting.</p>
      <label for="reset-who">Whose counts</label>
      <select id="reset-who" value={who} onChange={(e) => setWho(e.currentTarget.value)}>
        <option value={ALL}>Everyone in the service</option>
        {[...table.rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => (
          <option key={r.staffId} value={r.staffId}>
            {r.name}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>Which counts</legend>
        {table.categories.map((c) => (
          <label class="checkbox" key={c}>
            <input
              type="checkbox"
              checked={categories.includes(c)}
              onChange={(e) => setCategories(e.currentTarget.checked ? [...categories, c] : categories.filter((x) => x !== c))}
            />{' '}
            {CATEGORY_WORDS[c]}
          </label>
        ))}
      </fieldset>
      <label for="reset-reason">Reason for the reset (required, kept in the history)</label>
      <input id="reset-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      {error && <Alert kind="error">Not reset. {error}</Alert>}
      <button type="submit" class="button button--danger" disabled={busy || categories.length === 0}>
        Reset
      </button>
    </form>
  );
}

type Sort = { key: SortKey; descending: boolean };

export function ManagerFairnessPage() {
  usePageTitle('Fairness');
  const { serviceId, error: servicesError, picker } = useService(PAGES.managerFairness);
  const [done, setDone] = useState<string>();
  const base = serviceId ? `/services/${encodeURIComponent(serviceId)}` : '';
  const { table, history, error, load } = useFairness(serviceId, base);
  const finished = (text: string) => {
    setDone(text);
    load();
  };
  return (
    <>
      <h1 tabIndex={-1}>Fairness</h1>
      <p>
        Who has worked the harder shifts over the last twelve months, counted from published rotas plus your adjustments. The solver shares
        them out against these counts, not only within one week.
      </p>
      {picker}
      {(error || servicesError) && <Alert kind="error">{error ?? servicesError}</Alert>}
      {done && <Alert kind="success">{done}</Alert>}
      {!table && !error && !servicesError && <Loading what="the league table" />}
      {table && (
        <>
          <League table={table} />
          <section aria-labelledby="change-heading">
            <h2 id="change-heading">Adjust or reset</h2>
            <AdjustForm base={base} table={table} onDone={finished} />
            <ResetForm base={base} table={table} onDone={finished} />
          </section>
        </>
      )}
      {table && history && <History history={history} categories={table.categories} />}
    </>
  );
}

/** The service's league table and history, read again by load; only the latest load's answers land. */
function useFairness(serviceId: string | undefined, base: string) {
  const [table, setTable] = useState<LeagueTable>();
  const [history, setHistory] = useState<HistoryEntry[]>();
  const [error, setError] = useState<string>();
  const latest = useLatest();
  const load = () => {
    if (!serviceId) return;
    const keep = latest();
    const failed = keep((e: unknown) => setError(describeError(e)));
    get<LeagueTable>(`${base}/fairness`).then(keep(setTable), failed);
    get<HistoryEntry[]>(`${base}/fairness/history`).then(keep(setHistory), failed);
  };
  useEffect(load, [serviceId]);
  return { table, history, error, load };
}

/** The league table, sorted by the column heading last chosen (total, most first, to begin with). */
function League({ table }: { table: LeagueTable }) {
  const [sort, setSort] = useState<Sort>({ key: 'total', descending: true });
  const onSort = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }));
  const totals = Object.fromEntries(table.categories.map((c) => [c, table.rows.reduce((n, r) => n + r.counts[c], 0)]));
  return (
    <section aria-labelledby="league-heading">
      <h2 id="league-heading">League table</h2>
      <p>
        From {formatDate(table.fromDate)} to {formatDate(table.toDate)}. Choose a column heading to sort by it.
      </p>
      <div class="table-wrap" role="region" aria-labelledby="league-heading" tabIndex={0}>
        <table aria-labelledby="league-heading">
          <thead>
            <tr>
              <SortHeader label="Name" k="name" sort={sort} onSort={onSort} />
              {table.categories.map((c) => (
                <SortHeader key={c} label={CATEGORY_WORDS[c]} k={c} sort={sort} onSort={onSort} />
              ))}
              <SortHeader label="Total" k="total" sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {sorted(table.rows, sort.key, sort.descending).map((r) => (
              <LeagueRowView key={r.staffId} row={r} categories={table.categories} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All staff</th>
              {table.categories.map((c) => (
                <td key={c} class="num">
                  {totals[c]}
                </td>
              ))}
              <td class="num">{table.rows.reduce((n, r) => n + r.total, 0)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function LeagueRowView({ row: r, categories }: { row: LeagueRow; categories: Category[] }) {
  return (
    <tr>
      <th scope="row">
        {r.name} <span class="muted">({r.kind})</span>
      </th>
      {categories.map((c) => (
        <td key={c} class="num">
          {r.counts[c]}
          {r.adjusted[c] !== 0 && <span class="muted"> ({r.adjusted[c] > 0 ? `+${r.adjusted[c]}` : r.adjusted[c]} adjusted)</span>}
        </td>
      ))}
      <td class="num">{r.total}</td>
    </tr>
  );
}

function History({ history, categories }: { history: HistoryEntry[]; categories: Category[] }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {history.length === 0 ? (
        <p>No count has been adjusted or reset.</p>
      ) : (
        <ul class="card-list">
          {history.map((h) => (
            <li key={h.id} class="card card--compact">
              <p>
                <strong>{historyWhat(h, categories)}</strong>
              </p>
              <p>Why: {h.reason}</p>
              <p class="muted">
                {formatInstant(h.at)}, by {h.actor}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
