// The week's open places, most urgent first: each with why nobody else could take it (each worker's
// reason, their own facts apart from what the rota made) and the cheapest move that fills it.
import { useState } from 'preact/hooks';
import { withoutName, type Unfilled } from '../rota-model.ts';
import type { PlaceTarget } from './rota-grid.tsx';

/** Shown at first; the rest behind a button (a large organisation can have hundreds). */
const FIRST_SHOWN = 20;

export function ReasonList({ place }: { place: Unfilled }) {
  return (
    <details class="reasons">
      <summary>
        Why {place.reasons.length === 1 ? 'this worker' : `these ${place.reasons.length} workers`} could not take it
      </summary>
      <ul>
        {place.reasons.map((r) => (
          <li key={r.workerId}>
            <strong>{r.workerName}</strong>: {r.blocks.map((b) => withoutName(b, r.workerName)).join('; ')}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function UnfilledList({ unfilled, onOpen }: { unfilled: readonly Unfilled[]; onOpen: (target: PlaceTarget, opener: HTMLElement) => void }) {
  const [all, setAll] = useState(false);
  if (unfilled.length === 0) return <p>Every place is filled to its preferred number.</p>;
  const ordered = [...unfilled].sort((a, b) => Number(a.level === 'soft') - Number(b.level === 'soft') || Number(!!a.awaiting) - Number(!!b.awaiting));
  const shown = all ? ordered : ordered.slice(0, FIRST_SHOWN);
  return (
    <>
      <ul class="card-list unfilled-list">
        {shown.map((u, i) => (
          <li key={`${u.slotId}/${u.roleId}/${u.level}/${i}`} class={`card unfilled unfilled--${u.awaiting ? 'waiting' : u.level}`}>
            <h3>
              {u.awaiting ? 'Waiting: ' : u.level === 'hard' ? 'Must fill: ' : 'Could fill: '}
              {u.slotLabel}: {u.roleName ?? u.roleId}
            </h3>
            <p>
              {u.missing} {u.missing === 1 ? 'place' : 'places'} {u.level === 'hard' ? 'short of the minimum' : 'short of the preferred number'}
              {u.awaiting ? `; ${u.awaiting.message}` : ''}.
            </p>
            {u.move && (
              <p>
                <strong>Suggested move:</strong> {u.move.words}
              </p>
            )}
            {!u.move && !u.awaiting && u.level === 'hard' && <p>No move of one or two places fills it without breaking a hard rule.</p>}
            {u.reasons.length > 0 && <ReasonList place={u} />}
            <button type="button" class="button button--small" onClick={(e) => onOpen({ kind: 'open', place: u }, e.currentTarget)}>
              Fill this place…
            </button>
          </li>
        ))}
      </ul>
      {!all && ordered.length > FIRST_SHOWN && (
        <button type="button" class="button button--quiet" onClick={() => setAll(true)}>
          Show all {ordered.length} open places
        </button>
      )}
    </>
  );
}
