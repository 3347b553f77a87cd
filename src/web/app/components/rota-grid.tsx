// The rota grid: workers down, the week's days across (as Deputy and RotaCloud lay it out), each place
// with its session's kind, local times, role and site, bank places marked proposed, offered or accepted,
// and each worker's planned hours against their contract. The first row holds the week's open places
// (unfilled, or only proposed or offered), highlighted. A published place whose worker is now on
// approved leave is marked "On leave". Every place is a button: it opens the place.
import { formatDate } from './ui.tsx';
import {
  BANK_STATE_TEXT,
  hoursText,
  openByDate,
  roleNamer,
  sessionTimes,
  weekDates,
  workerRows,
  type Assignment,
  type Rota,
  type Slot,
  type StaffMember,
  type Unfilled,
} from '../rota-model.ts';

export type PlaceTarget = { kind: 'assigned'; assignment: Assignment } | { kind: 'open'; place: Unfilled };

interface GridProps {
  rota: Rota;
  staff: readonly StaffMember[];
  onOpen: (target: PlaceTarget, opener: HTMLElement) => void;
  /** Print view: plain text, no buttons. */
  print?: boolean;
  /** Only this day's column (a phone shows a day at a time); the whole week when absent. */
  onlyDate?: string;
  /** Places (by assignment id) whose worker is on approved leave then. */
  onLeave?: ReadonlySet<number>;
}

function shortDate(date: string): string {
  // "Mon 21 Dec" (the year is in the caption).
  return formatDate(date).split(' ').slice(0, 3).join(' ');
}

function hoursCell(minutes: number, contract: number | null) {
  if (contract === null) return <>{hoursText(minutes)}</>;
  const diff = minutes - contract;
  return (
    <>
      {hoursText(minutes)} <span class="muted">of {hoursText(contract)}</span>
      {diff !== 0 && <span class={`hours-diff ${diff < 0 ? 'hours-diff--under' : 'hours-diff--over'}`}>{diff < 0 ? `${hoursText(-diff)} under` : `${hoursText(diff)} over`}</span>}
    </>
  );
}

/** The site is named in each place when the week has several; otherwise once, in the caption. */
function PlaceText({ slot, roleName, showSite }: { slot: Slot | undefined; roleName: string; showSite: boolean }) {
  return (
    <>
      <span class="place__time">{slot ? sessionTimes(slot) : 'session no longer in the week'}</span>
      <span class="place__where">
        {roleName}
        {showSite && slot?.siteName ? ` · ${slot.siteName}` : ''}
      </span>
    </>
  );
}

interface PlaceProps {
  slot: Slot | undefined;
  roleName: string;
  showSite: boolean;
  onOpen: GridProps['onOpen'];
  print?: boolean;
  onLeave?: boolean;
}

function AssignedPlace({ a, slot, roleName, showSite, onOpen, print, onLeave }: PlaceProps & { a: Assignment }) {
  const tone = onLeave ? 'place--must' : a.bankState === 'proposed' ? 'place--proposed' : a.bankState === 'accepted' ? 'place--accepted' : '';
  const body = (
    <>
      <PlaceText slot={slot} roleName={roleName} showSite={showSite} />
      <span class="place__tags">
        {a.bankState && <span class={`badge badge--${a.bankState === 'accepted' ? 'ok' : 'warn'}`}>{BANK_STATE_TEXT[a.bankState]}</span>}
        {!print && a.pinned && <span class="badge badge--info">Pinned</span>}
        {onLeave && <span class="badge badge--danger">On leave</span>}
        {a.overridden && <span class="badge badge--danger">Rule overridden</span>}
        {!print && a.published && <span class="badge badge--ok">Published</span>}
      </span>
    </>
  );
  if (print) return <div class={`place ${tone}`}>{body}</div>;
  return (
    <button type="button" class={`place ${tone}`} data-assignment={a.id} onClick={(e) => onOpen({ kind: 'assigned', assignment: a }, e.currentTarget)}>
      {body}
    </button>
  );
}

function OpenPlace({ u, slot, roleName, showSite, onOpen, print }: PlaceProps & { u: Unfilled }) {
  const waiting = u.awaiting;
  const tone = waiting ? 'place--waiting' : u.level === 'hard' ? 'place--must' : 'place--could';
  const label = waiting ? (waiting.state === 'offered' ? 'Offered' : 'Proposed') : u.level === 'hard' ? 'Must fill' : 'Could fill';
  const body = (
    <>
      <span class="place__label">
        {label}
        {u.missing > 1 ? ` (${u.missing})` : ''}
      </span>
      <PlaceText slot={slot} roleName={roleName} showSite={showSite} />
      {waiting && <span class="place__where">{waiting.message}</span>}
    </>
  );
  if (print) return <div class={`place ${tone}`}>{body}</div>;
  return (
    <button type="button" class={`place ${tone}`} onClick={(e) => onOpen({ kind: 'open', place: u }, e.currentTarget)}>
      {body}
    </button>
  );
}

export function RotaGrid({ rota, staff, onOpen, print, onlyDate, onLeave }: GridProps) {
  const days = weekDates(rota.weekStart).filter((d) => !onlyDate || d === onlyDate);
  const sites = [...new Set(rota.slots.map((s) => s.siteName ?? ''))];
  const showSite = sites.length > 1;
  const slots = new Map(rota.slots.map((s) => [s.id, s]));
  const roleName = roleNamer(rota);
  const rows = workerRows(rota, staff);
  const open = openByDate(rota);
  const bankHoliday = new Set(rota.slots.filter((s) => s.isBankHoliday).map((s) => s.date));
  return (
    <div class="table-wrap rota-grid-wrap" role="region" aria-labelledby="grid-caption" tabIndex={0}>
      <table class="rota-grid">
        <caption id="grid-caption">
          {onlyDate ? formatDate(onlyDate) : `Week of ${formatDate(rota.weekStart)}`}: workers by day
          {!showSite && sites[0] ? `, every session at ${sites[0]}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="rota-grid__who">
              Worker
            </th>
            {days.map((d) => (
              <th scope="col" key={d}>
                {shortDate(d)}
                {bankHoliday.has(d) && <span class="muted"> (bank holiday)</span>}
              </th>
            ))}
            <th scope="col" class="num">
              Hours
            </th>
          </tr>
        </thead>
        <tbody>
          <tr class="rota-grid__open">
            <th scope="row" class="rota-grid__who">
              Open places
            </th>
            {days.map((d) => (
              <td key={d}>
                {(open.get(d) ?? []).map((u, i) => (
                  <OpenPlace key={`${u.slotId}/${u.roleId}/${u.level}/${i}`} u={u} slot={slots.get(u.slotId)} roleName={u.roleName ?? roleName(u.roleId)} showSite={showSite} onOpen={onOpen} print={print} />
                ))}
              </td>
            ))}
            <td />
          </tr>
          {rows.map((r) => (
            <tr key={r.staffId}>
              <th scope="row" class="rota-grid__who">
                {r.name}
                {r.kind === 'bank' && <span class="muted"> (bank)</span>}
              </th>
              {days.map((d) => (
                <td key={d}>
                  {(r.byDate.get(d) ?? []).map((a) => (
                    <AssignedPlace key={a.id} a={a} slot={slots.get(a.slotId)} roleName={roleName(a.roleId)} showSite={showSite} onOpen={onOpen} print={print} onLeave={onLeave?.has(a.id)} />
                  ))}
                </td>
              ))}
              <td class="num rota-grid__hours">{hoursCell(r.plannedMinutes, r.contractMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
