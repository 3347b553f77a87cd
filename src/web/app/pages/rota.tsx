// One rota: live progress while it is solved (with Stop), then the headline, the grid of workers by
// day, the open places with reasons and suggested moves, and the tools: change a place, re-plan,
// publish, offer bank places, print. Published places whose worker is now on approved leave are
// marked in the grid and said in the place, read again with every reload of the rota.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { PAGES, rotaPath } from '../../pages.ts';
import { describeError, get, post } from '../api.ts';
import { OffersPanel } from '../components/offers-panel.tsx';
import { PlaceDialog } from '../components/place-dialog.tsx';
import { PublishPanel } from '../components/publish-panel.tsx';
import { RotaGrid, type PlaceTarget } from '../components/rota-grid.tsx';
import type { LeaveClash, LeaveClashList } from '../components/self-service.ts';
import { SolveProgress } from '../components/solve-progress.tsx';
import { Alert, Loading, formatDate, formatInstant } from '../components/ui.tsx';
import { UnfilledList } from '../components/unfilled-list.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { scoreText, weekDates, type LiveSolve, type Quality, type Rota, type StaffMember } from '../rota-model.ts';
import { useRota } from '../use-rota.ts';
import { RotaPrintPage } from './rota-print.tsx';
import '../manager.css';

/** `/manage/rotas/<id>` or `/manage/rotas/<id>/print`. */
export function RotaRoute({ path }: { path: string }) {
  const [rest, view] = path.slice(PAGES.rotas.length + 1).split('/');
  const id = decodeURIComponent(rest ?? '');
  if (view === 'print') return <RotaPrintPage rotaId={id} />;
  return <RotaPage key={id} rotaId={id} />;
}

export function qualityText(q: Quality): string {
  if (q.status === 'optimal') return 'Optimal: no rota of this week scores better (proved).';
  const bound = q.lowerBound ? ` (no rota scores below ${scoreText(q.lowerBound)})` : '';
  if (q.status === 'gap') return `Within ${q.gapPercent?.toFixed(1) ?? '?'}% of the best possible${bound}.`;
  return `How close this is to the best possible is not proved${q.note ? `: ${q.note}` : ''}.`;
}

const HEADLINE_TONE: Record<string, 'success' | 'info' | 'error'> = { feasible: 'success', unfilled: 'info', awaiting: 'info', broken: 'error' };

function RotaPage({ rotaId }: { rotaId: string }) {
  const { rota, staff, service, error, reload } = useRota(rotaId);
  const { notice, actionError, busy, noticeRef, announce, solveDone, replan } = useRotaActions(rotaId, reload);
  const { target, openPlace, closeDialog } = usePlaceDialog(announce);
  // A phone shows one day at a time (the whole week scrolls sideways); a wider screen the week.
  const [day, setDay] = useState(() => (window.matchMedia('(max-width: 40rem)').matches ? '' : 'week'));
  const clashes = useLeaveClashes(rota);
  usePageTitle(rota ? `Rota: ${service?.name ?? rota.serviceId}, week of ${formatDate(rota.weekStart)}` : 'Rota');

  const onlyDate = day === 'week' ? undefined : day || rota?.weekStart;
  // The same element while the rota, staff and day are the same: Preact then leaves the grid (thousands
  // of cells for a large organisation) alone when anything else on the page changes.
  const onLeave = useMemo(() => new Set(clashes.keys()), [clashes]);
  const grid = useMemo(
    () => (rota && staff ? <RotaGrid rota={rota} staff={staff} onlyDate={onlyDate} onOpen={openPlace} onLeave={onLeave} /> : null),
    [rota, staff, onlyDate, onLeave],
  );
  if (error) return <Alert kind="error">{error}</Alert>;
  if (!rota) return <Loading what="the rota" />;
  const solving = rota.status === 'queued' || rota.status === 'running';
  const hasPlan = rota.score !== null;
  return (
    <>
      <p class="no-print">
        <Link href={`${PAGES.rotas}?service=${encodeURIComponent(rota.serviceId)}&week=${rota.weekStart}`}>All rotas of this week</Link>
      </p>
      <h1 tabIndex={-1}>
        {service?.name ?? rota.serviceId}: week of {formatDate(rota.weekStart)}
      </h1>
      <div ref={noticeRef} tabIndex={-1} class="notice-anchor">
        {notice && <Alert kind="success">{notice}</Alert>}
        {actionError && <Alert kind="error">{actionError}</Alert>}
      </div>
      {solving && <SolveProgress key={rota.id} rotaId={rota.id} onDone={solveDone} />}
      {rota.status === 'failed' && <Alert kind="error">The last solve failed: {rota.error ?? 'no reason given'}.{hasPlan ? ' The plan below is the one before it.' : ''}</Alert>}
      {!solving && (
        <>
          {hasPlan && <Summary rota={rota} />}
          <Toolbar rota={rota} busy={busy} onReplan={replan} />
          {hasPlan && !staff && <Loading what="the staff" />}
          {hasPlan && staff && (
            <TheWeek rota={rota} staff={staff} clashCount={clashes.size} day={day} onDay={setDay} onOpen={openPlace} onPublished={announce} reload={reload}>
              {grid}
            </TheWeek>
          )}
        </>
      )}
      {target && staff && (
        <PlaceDialog
          rota={rota}
          staff={staff}
          target={target.place}
          clash={target.place.kind === 'assigned' ? clashes.get(target.place.assignment.id) : undefined}
          onClose={closeDialog}
        />
      )}
    </>
  );
}

/** The page's messages and its own actions: re-planning, and what a finished solve says. */
function useRotaActions(rotaId: string, reload: () => Promise<void>) {
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  const tell = (message: string) => {
    setNotice(message);
    setActionError(undefined);
  };
  /** Says what was done, reads the rota again, then moves focus to the words. */
  const announce = (message: string) => {
    tell(message);
    void reload().then(() => noticeRef.current?.focus());
  };

  const solveDone = (state: LiveSolve) => {
    void reload();
    if (state.stop) tell(`Stopped early by ${state.stop.by.replace(/ \(.*\)$/, '')}: the best rota found so far is kept.`);
    else if (state.status === 'failed') setActionError(`The solve failed: ${state.error ?? 'no reason given'}.`);
  };

  const replan = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      await post(`/rotas/${encodeURIComponent(rotaId)}/replan`, {});
      await reload();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return { notice, actionError, busy, noticeRef, announce, solveDone, replan };
}

/** The place open in the dialog, and the place (button) that opened it, which gets focus back. */
function usePlaceDialog(announce: (message: string) => void) {
  const [target, setTarget] = useState<{ place: PlaceTarget; opener: HTMLElement }>();
  // One function for the page's life, so the grid is not drawn again for a new one each time.
  const openPlace = useCallback((place: PlaceTarget, opener: HTMLElement) => setTarget({ place, opener }), []);
  const closeDialog = (saved?: string) => {
    const opener = target?.opener;
    setTarget(undefined);
    if (saved) announce(saved);
    else if (opener?.isConnected && document.activeElement !== opener) opener.focus();
  };
  return { target, openPlace, closeDialog };
}

function Toolbar({ rota, busy, onReplan }: { rota: Rota; busy: boolean; onReplan: () => void }) {
  const hasPlan = rota.score !== null;
  return (
    <div class="toolbar no-print">
      <button type="button" class="button" disabled={busy} onClick={onReplan}>
        {hasPlan ? 'Re-plan (keeps pinned and published places)' : 'Solve again'}
      </button>
      {hasPlan && (
        <Link class="button button--quiet" href={rotaPath(rota.id, 'print')}>
          Print view
        </Link>
      )}
    </div>
  );
}

interface WeekProps {
  rota: Rota;
  staff: StaffMember[];
  /** How many published places are held by someone now on approved leave. */
  clashCount: number;
  day: string;
  onDay: (day: string) => void;
  onOpen: (place: PlaceTarget, opener: HTMLElement) => void;
  onPublished: (message: string) => void;
  reload: () => Promise<void>;
  /** The grid, made by the page and kept while it is the same (see RotaPage). */
  children: ComponentChildren;
}

/** The planned week: the grid, the open places and why, publishing and bank offers. */
function TheWeek({ rota, staff, clashCount, day, onDay, onOpen, onPublished, reload, children }: WeekProps) {
  const names = new Map(staff.map((m) => [m.id, m.name]));
  return (
    <>
      <h2>The week</h2>
      <p class="muted no-print">Choose a place to change it: give it to someone else, move or swap the worker, take them off, pin it.</p>
      {clashCount > 0 && (
        <Alert kind="error">
          {clashCount === 1 ? 'One published place is' : `${clashCount} published places are`} held by someone now on approved leave (marked “On leave”): open
          {clashCount === 1 ? ' it' : ' each'} to see the cheapest cover and change it.
        </Alert>
      )}
      <DayPicker weekStart={rota.weekStart} value={day} onChange={onDay} />
      {children}
      <h2>Open places and why</h2>
      <UnfilledList unfilled={rota.unfilled} onOpen={onOpen} />
      <PublishPanel key={`${rota.id}/${rota.publishedAt ?? ''}`} rota={rota} onPublished={onPublished} />
      <OffersPanel rota={rota} names={names} onChanged={() => void reload()} />
    </>
  );
}

/** The rota's published places held by someone on approved leave, by assignment id: read again with the rota. */
function useLeaveClashes(rota: Rota | undefined): Map<number, LeaveClash> {
  const [clashes, setClashes] = useState<Map<number, LeaveClash>>(new Map());
  const published = rota?.assignments.some((a) => a.published) ?? false;
  useEffect(() => {
    if (!rota || !published || rota.status === 'queued' || rota.status === 'running') {
      setClashes(new Map());
      return;
    }
    let live = true;
    get<LeaveClashList>(`/services/${encodeURIComponent(rota.serviceId)}/leave-clashes?rotaId=${encodeURIComponent(rota.id)}`).then(
      (list) => live && setClashes(new Map(list.clashes.map((c) => [c.assignmentId, c]))),
      // The rota still reads without the flags; the requests page lists the clashes too.
      () => live && setClashes(new Map()),
    );
    return () => {
      live = false;
    };
  }, [rota]);
  return clashes;
}

function DayPicker({ weekStart, value, onChange }: { weekStart: string; value: string; onChange: (day: string) => void }) {
  const days = weekDates(weekStart);
  const chosen = value === '' ? days[0] : value;
  return (
    <div class="day-picker no-print">
      <label for="grid-day">Show</label>
      <select id="grid-day" value={chosen} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="week">The whole week</option>
        {days.map((d) => (
          <option key={d} value={d}>
            {formatDate(d)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Summary({ rota }: { rota: Rota }) {
  const tone = rota.headline ? (HEADLINE_TONE[rota.headline.kind] ?? 'info') : 'info';
  const hard = rota.unfilled.filter((u) => u.level === 'hard' && !u.awaiting).reduce((n, u) => n + u.missing, 0);
  const soft = rota.unfilled.filter((u) => u.level === 'soft' && !u.awaiting).reduce((n, u) => n + u.missing, 0);
  const run = rota.solveRuns[0];
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading" class="visually-hidden">
        Summary
      </h2>
      {rota.headline && <Alert kind={tone}>{rota.headline.text}</Alert>}
      <dl class="facts">
        <dt>State</dt>
        <dd>
          {rota.published ? `Published ${rota.publishedAt ? formatInstant(rota.publishedAt) : ''}` : 'Draft: not published'}
          {rota.feasible ? '; every minimum covered' : ''}
        </dd>
        <dt>Open places</dt>
        <dd>
          {hard} below the minimum, {soft} below the preferred number
        </dd>
        {rota.score && (
          <>
            <dt>Score</dt>
            <dd>{scoreText(rota.score)} (lower is better)</dd>
          </>
        )}
        {rota.quality && (
          <>
            <dt>Quality</dt>
            <dd>{qualityText(rota.quality)}</dd>
          </>
        )}
        {run && run.durationMs !== null && (
          <>
            <dt>Last solve</dt>
            <dd>
              {run.kind === 'replan' ? 'Re-plan' : 'Generated'} in {(run.durationMs / 1000).toFixed(1)} s
              {run.timeLimitMs ? ` of ${(run.timeLimitMs / 1000).toFixed(0)} s allowed` : ''}
            </dd>
          </>
        )}
      </dl>
      {rota.warnings.length > 0 && (
        <Alert kind="info">
          <p>The week was planned with these warnings:</p>
          <ul>
            {rota.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
    </section>
  );
}
