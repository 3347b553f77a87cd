// One place of the rota, opened from the grid: its session and worker (or why nobody fills it, and
// the suggested move), and what a manager can do with it: give it to another worker, move the worker
// to another session, swap with another place, take the worker off, pin or unpin; for an open place,
// put a worker in or apply the suggested move. Every change is checked against the rules as it is
// chosen, before anything is saved (a dry run); saving a change that breaks a hard rule is refused
// with the server's words, and overriding it needs a reason (kept in the audit log). A published place
// whose worker is now on approved leave says so, with the cheapest cover found.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, describeError, post } from '../api.ts';
import { findAssignment, roleNamer, sessionTimes, withoutName, BANK_STATE_TEXT, type Assignment, type Rota, type StaffMember } from '../rota-model.ts';
import type { PlaceTarget } from './rota-grid.tsx';
import { absenceWhat, coverWords, type LeaveClash } from './self-service.ts';
import { Alert, formatDate } from './ui.tsx';
import { sentence } from './worker-words.ts';
import { ReasonList } from './unfilled-list.tsx';

type Action = 'give' | 'move' | 'swap' | 'remove' | 'assign' | 'suggested';

interface Change {
  remove?: number[];
  add?: { slotId: string; roleId: string; staffId: string }[];
}

interface CheckResult {
  breaches: string[];
  refusal: string | null;
}

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'done'; result: CheckResult } | { state: 'error'; message: string };

interface Props {
  rota: Rota;
  staff: readonly StaffMember[];
  target: PlaceTarget;
  /** The place's clash with its worker's approved leave, when it has one. */
  clash?: LeaveClash;
  /** changed: something was saved (the page reloads the rota and says what). */
  onClose: (saved?: string) => void;
}

const ACTION_TEXT: Record<Action, string> = {
  give: 'Give this place to another worker',
  move: 'Move this worker to another session',
  swap: 'Swap with another worker’s place',
  remove: 'Take this worker off the place',
  assign: 'Put a worker in this place',
  suggested: 'Apply the suggested move',
};

export function PlaceDialog({ rota, staff, target, clash, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const roleName = roleNamer(rota);
  const slots = new Map(rota.slots.map((s) => [s.id, s]));
  const people = new Map(staff.map((m) => [m.id, m]));
  const assigned = target.kind === 'assigned' ? target.assignment : undefined;
  const open = target.kind === 'open' ? target.place : undefined;
  const slotId = assigned?.slotId ?? open!.slotId;
  const roleId = assigned?.roleId ?? open!.roleId;
  const slot = slots.get(slotId);
  const inSlot = new Set(rota.assignments.filter((a) => a.slotId === slotId).map((a) => a.staffId));
  const holds = (staffId: string, role: string) => people.get(staffId)?.roles.includes(role) ?? false;

  const actions: Action[] = assigned ? ['give', 'move', 'swap', 'remove'] : open!.move ? ['assign', 'suggested'] : ['assign'];
  const [action, setAction] = useState<Action>(actions[0]);
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [refused, setRefused] = useState<{ message: string; breaches: string[] }>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const seq = useRef(0);
  // Closing goes through the dialog itself (Escape does too), so the browser gives focus back to the
  // place that opened it before the dialog leaves the page.
  const saved = useRef<string>();
  const finish = (message?: string) => {
    saved.current = message;
    if (dialog.current?.open) dialog.current.close();
    else onClose(message);
  };

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  // The choices each action offers.
  const workerChoices = staff
    .filter((m) => holds(m.id, roleId) && !inSlot.has(m.id))
    .map((m) => {
      const blocks = open?.reasons.find((r) => r.workerId === m.id)?.blocks ?? [];
      const why = blocks.length > 0 ? withoutName(blocks[0], m.name) : undefined;
      return { value: m.id, label: `${m.name}${m.kind === 'bank' ? ' (bank)' : ''}${why ? `: ${why}` : ''}` };
    });
  const moveChoices = assigned
    ? rota.slots.flatMap((s) =>
        s.id === assigned.slotId || rota.assignments.some((a) => a.slotId === s.id && a.staffId === assigned.staffId)
          ? []
          : s.roles.filter((r) => holds(assigned.staffId, r.roleId)).map((r) => ({ value: `${s.id}|${r.roleId}`, label: `${s.label}: ${roleName(r.roleId)}` })),
      )
    : [];
  const swapChoices = assigned
    ? rota.assignments
        .filter(
          (b) =>
            b.staffId !== assigned.staffId &&
            b.slotId !== assigned.slotId &&
            holds(assigned.staffId, b.roleId) &&
            holds(b.staffId, assigned.roleId) &&
            !rota.assignments.some((x) => x.slotId === b.slotId && x.staffId === assigned.staffId) &&
            !inSlot.has(b.staffId),
        )
        .map((b) => ({ value: String(b.id), label: `${b.staffName}: ${b.slotLabel} (${roleName(b.roleId)})` }))
    : [];
  const choices = action === 'give' || action === 'assign' ? workerChoices : action === 'move' ? moveChoices : action === 'swap' ? swapChoices : [];
  const needsChoice = action === 'give' || action === 'assign' || action === 'move' || action === 'swap';

  /** The change the chosen action makes, in the terms of POST /rotas/:id/changes. */
  const change = (): Change | undefined => {
    if (needsChoice && !choice) return undefined;
    switch (action) {
      case 'give':
        return { remove: [assigned!.id], add: [{ slotId, roleId, staffId: choice }] };
      case 'assign':
        return { add: [{ slotId, roleId, staffId: choice }] };
      case 'move': {
        const [toSlot, toRole] = choice.split('|');
        return { remove: [assigned!.id], add: [{ slotId: toSlot, roleId: toRole, staffId: assigned!.staffId }] };
      }
      case 'swap': {
        const other = rota.assignments.find((b) => String(b.id) === choice)!;
        return {
          remove: [assigned!.id, other.id],
          add: [
            { slotId: assigned!.slotId, roleId: assigned!.roleId, staffId: other.staffId },
            { slotId: other.slotId, roleId: other.roleId, staffId: assigned!.staffId },
          ],
        };
      }
      case 'remove':
        return { remove: [assigned!.id] };
      case 'suggested': {
        const move = open!.move!;
        const ids = move.remove.map((p) => findAssignment(rota, p)?.id);
        if (ids.some((id) => id === undefined)) return undefined;
        return { remove: ids as number[], add: move.add.map((p) => ({ slotId: p.slotId, roleId: p.roleId, staffId: p.workerId })) };
      }
    }
  };

  // The rule check, before saving: a dry run of the change as soon as it is complete.
  const planned = change();
  const key = JSON.stringify(planned ?? null);
  useEffect(() => {
    setRefused(undefined);
    setOverride(false);
    if (!planned) {
      setCheck({ state: 'idle' });
      return;
    }
    const mine = ++seq.current;
    setCheck({ state: 'checking' });
    post<CheckResult>(`/rotas/${encodeURIComponent(rota.id)}/changes`, { ...planned, reason: 'checking before saving', dryRun: true }).then(
      (result) => mine === seq.current && setCheck({ state: 'done', result }),
      (e) => mine === seq.current && setCheck({ state: 'error', message: describeError(e) }),
    );
  }, [key]);

  const breaks = (check.state === 'done' && check.result.breaches.length > 0) || refused !== undefined;

  const save = async () => {
    setError(undefined);
    const why = reason.trim();
    if (!why) {
      setError(override ? 'Say why you are overriding the rule: it is kept in the audit log.' : 'Say why you are making this change: it is kept in the audit log.');
      reasonRef.current?.focus();
      return;
    }
    if (!planned) return;
    setSaving(true);
    const base = `/rotas/${encodeURIComponent(rota.id)}`;
    const extra = override ? { override: true } : {};
    try {
      if (action === 'give') await api('PATCH', `${base}/assignments/${assigned!.id}`, { staffId: choice, reason: why, ...extra });
      else if (action === 'assign') await post(`${base}/assignments`, { slotId, roleId, staffId: choice, reason: why, ...extra });
      else if (action === 'remove') await api('DELETE', `${base}/assignments/${assigned!.id}`, { reason: why, ...extra });
      else await post(`${base}/changes`, { ...planned, reason: why, ...extra });
      finish(`Saved: ${ACTION_TEXT[action].toLowerCase()}${override ? ' (rule overridden; your reason is recorded)' : ''}.`);
    } catch (e) {
      setSaving(false);
      const body = e instanceof ApiError ? (e.body as { breaches?: string[] } | undefined) : undefined;
      if (e instanceof ApiError && e.status === 409 && body?.breaches) {
        setRefused({ message: e.message, breaches: body.breaches });
      } else {
        setError(`Not saved. ${describeError(e)}`);
      }
    }
  };

  const pin = async (pinned: boolean) => {
    setSaving(true);
    try {
      await post(`/rotas/${encodeURIComponent(rota.id)}/assignments/${assigned!.id}/${pinned ? 'pin' : 'unpin'}`, {});
      finish(pinned ? `Pinned: re-plans keep ${assigned!.staffName} in this place.` : 'Unpinned: a re-plan may move this place.');
    } catch (e) {
      setSaving(false);
      setError(describeError(e));
    }
  };

  return (
    <dialog ref={dialog} class="place-dialog" aria-labelledby="place-heading" onClose={() => onClose(saved.current)}>
      <h2 id="place-heading">{assigned ? `${assigned.staffName}: ${slot ? sessionTimes(slot) : assigned.slotLabel}` : `Open place: ${slot ? sessionTimes(slot) : open!.slotLabel}`}</h2>
      <dl class="facts">
        <dt>Session</dt>
        <dd>{slot?.label ?? slotId}</dd>
        <dt>Role</dt>
        <dd>{roleName(roleId)}</dd>
        {assigned && <PlaceFacts a={assigned} />}
        {open && (
          <>
            <dt>Short</dt>
            <dd>
              {open.missing} {open.missing === 1 ? 'place' : 'places'} {open.level === 'hard' ? 'below the minimum' : 'below the preferred number'}
            </dd>
            {open.awaiting && (
              <>
                <dt>Now</dt>
                <dd>{open.awaiting.message}</dd>
              </>
            )}
            {open.move && (
              <>
                <dt>Suggested</dt>
                <dd>{open.move.words}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {open && open.reasons.length > 0 && <ReasonList place={open} />}
      {assigned && clash && (
        <div class="alert alert--error">
          <p>
            <strong>On leave: {absenceWhat(clash.leave, formatDate)}.</strong> {sentence(clash.breach)}
          </p>
          <p>{coverWords(clash, sentence)}</p>
        </div>
      )}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>What to do</legend>
          {actions.map((a) => (
            <label class="checkbox" key={a}>
              <input
                type="radio"
                name="action"
                value={a}
                checked={action === a}
                onChange={() => {
                  setAction(a);
                  setChoice('');
                }}
              />{' '}
              {ACTION_TEXT[a]}
            </label>
          ))}
        </fieldset>
        {needsChoice && (
          <>
            <label for="place-choice">{action === 'move' ? 'Move to' : action === 'swap' ? 'Swap with' : 'Worker'}</label>
            <select id="place-choice" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="">{choices.length === 0 ? 'Nobody can: no one else holds this role' : 'Choose…'}</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </>
        )}
        {action === 'suggested' && !planned && <Alert kind="info">The suggested move no longer fits the rota as it stands; choose a worker instead.</Alert>}

        <div class="rule-check" aria-live="polite">
          {check.state === 'checking' && <p class="muted">Checking the rules…</p>}
          {check.state === 'error' && <Alert kind="error">{check.message}</Alert>}
          {check.state === 'done' && check.result.breaches.length === 0 && !refused && (
            <Alert kind="success">Rule check: this change breaks no hard rule.</Alert>
          )}
          {check.state === 'done' && check.result.breaches.length > 0 && !refused && (
            <div class="alert alert--error">
              <p>
                <strong>Rule check: this change breaks a hard rule.</strong>
              </p>
              <ul>
                {check.result.breaches.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        {refused && (
          <div class="alert alert--error" role="alert">
            <p>
              <strong>Not saved.</strong> The server refused the change: {refused.message}
            </p>
          </div>
        )}

        <label for="place-reason">Why (kept in the audit log)</label>
        <textarea id="place-reason" ref={reasonRef} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        {breaks && (
          <label class="checkbox">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} /> Make this change anyway: it breaks a hard rule, and my reason above
            is recorded
          </label>
        )}
        {error && (
          <p class="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class={`button${override ? ' button--danger' : ''}`} disabled={saving || !planned}>
            {saving ? 'Saving…' : override ? 'Save anyway' : 'Save change'}
          </button>
          {assigned && (
            <button type="button" class="button button--quiet" disabled={saving} onClick={() => pin(!assigned.pinned)}>
              {assigned.pinned ? 'Unpin' : 'Pin (re-plans keep it)'}
            </button>
          )}
          <button type="button" class="button button--quiet" onClick={() => finish()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function PlaceFacts({ a }: { a: Assignment }) {
  return (
    <>
      <dt>Worker</dt>
      <dd>
        {a.staffName}
        {a.bankState ? ` (bank: ${BANK_STATE_TEXT[a.bankState].toLowerCase()})` : ''}
      </dd>
      <dt>State</dt>
      <dd>
        {[a.published ? 'published' : 'not published yet', a.pinned ? 'pinned (re-plans keep it)' : 'not pinned', a.overridden ? 'placed despite a hard rule' : '']
          .filter(Boolean)
          .join('; ')}
      </dd>
      {a.note && (
        <>
          <dt>Note</dt>
          <dd>{a.note}</dd>
        </>
      )}
    </>
  );
}
