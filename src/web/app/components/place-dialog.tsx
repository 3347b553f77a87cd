// One place of the rota, opened from the grid: its session and worker (or why nobody fills it, and
// the suggested move), and what a manager can do with it: give it to another worker, move the worker
// to another session, swap with another place, take the worker off, pin or unpin; for an open place,
// put a worker in or apply the suggested move. Every change is checked against the rules as it is
// chosen, before anything is saved (a dry run); saving a change that breaks a hard rule is refused
// with the server's words, and overriding it needs a reason (kept in the audit log). A published place
// whose worker is now on approved leave says so, with the cheapest cover found.
import { useRef, useState } from 'preact/hooks';
import { roleNamer, sessionTimes, BANK_STATE_TEXT, type Assignment, type Rota, type StaffMember, type Unfilled } from '../rota-model.ts';
import { ACTION_TEXT, actionsFor, choicesFor, needsChoice, placeOf, plannedChange, type Action, type Choice, type Place } from './place-change.ts';
import type { PlaceTarget } from './rota-grid.tsx';
import { absenceWhat, coverWords, type LeaveClash } from './self-service.ts';
import { Alert, formatDate } from './ui.tsx';
import { useModalDialog } from './use-modal-dialog.ts';
import { usePlaceSave, useRuleCheck, type Check, type Refusal } from './use-place-change.ts';
import { sentence } from './worker-words.ts';
import { ReasonList } from './unfilled-list.tsx';

interface Props {
  rota: Rota;
  staff: readonly StaffMember[];
  target: PlaceTarget;
  /** The place's clash with its worker's approved leave, when it has one. */
  clash?: LeaveClash;
  /** saved: what was saved, when something was (the page reloads the rota and says it). */
  onClose: (saved?: string) => void;
}

export function PlaceDialog({ rota, staff, target, clash, onClose }: Props) {
  const { ref, finish, onDialogClose } = useModalDialog(onClose);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const place = placeOf(rota, staff, target);
  const actions = actionsFor(place);
  const [action, setAction] = useState<Action>(actions[0]);
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const { refused, setRefused, error, saving, save, pin } = usePlaceSave(place, finish);
  const planned = plannedChange(place, action, choice);
  // A new change is checked afresh: an earlier refusal or override was about the one before.
  const check = useRuleCheck(rota.id, planned, () => {
    setRefused(undefined);
    setOverride(false);
  });
  const breaks = (check.state === 'done' && check.result.breaches.length > 0) || refused !== undefined;
  const assigned = place.assigned;

  return (
    <dialog ref={ref} class="place-dialog" aria-labelledby="place-heading" onClose={onDialogClose}>
      <PlaceSummary place={place} clash={clash} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save({ action, choice, planned, reason, override }, () => reasonRef.current?.focus());
        }}
      >
        <ActionPicker
          actions={actions}
          value={action}
          onChange={(a) => {
            setAction(a);
            setChoice('');
          }}
        />
        {needsChoice(action) && <ChoicePicker action={action} choices={choicesFor(place, action)} value={choice} onChange={setChoice} />}
        {action === 'suggested' && !planned && <Alert kind="info">The suggested move no longer fits the rota as it stands; choose a worker instead.</Alert>}
        <RuleCheck check={check} refused={refused} />
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

/** The heading and the facts of the place: its session and worker, or why nobody fills it; its leave clash. */
function PlaceSummary({ place, clash }: { place: Place; clash?: LeaveClash }) {
  const { rota, assigned, open, slotId, roleId } = place;
  const slot = rota.slots.find((s) => s.id === slotId);
  return (
    <>
      <h2 id="place-heading">{assigned ? `${assigned.staffName}: ${slot ? sessionTimes(slot) : assigned.slotLabel}` : `Open place: ${slot ? sessionTimes(slot) : open!.slotLabel}`}</h2>
      <dl class="facts">
        <dt>Session</dt>
        <dd>{slot?.label ?? slotId}</dd>
        <dt>Role</dt>
        <dd>{roleNamer(rota)(roleId)}</dd>
        {assigned && <PlaceFacts a={assigned} />}
        {open && <OpenFacts place={open} />}
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
    </>
  );
}

function OpenFacts({ place }: { place: Unfilled }) {
  return (
    <>
      <dt>Short</dt>
      <dd>
        {place.missing} {place.missing === 1 ? 'place' : 'places'} {place.level === 'hard' ? 'below the minimum' : 'below the preferred number'}
      </dd>
      {place.awaiting && (
        <>
          <dt>Now</dt>
          <dd>{place.awaiting.message}</dd>
        </>
      )}
      {place.move && (
        <>
          <dt>Suggested</dt>
          <dd>{place.move.words}</dd>
        </>
      )}
    </>
  );
}

function ActionPicker({ actions, value, onChange }: { actions: Action[]; value: Action; onChange: (action: Action) => void }) {
  return (
    <fieldset>
      <legend>What to do</legend>
      {actions.map((a) => (
        <label class="checkbox" key={a}>
          <input type="radio" name="action" value={a} checked={value === a} onChange={() => onChange(a)} /> {ACTION_TEXT[a]}
        </label>
      ))}
    </fieldset>
  );
}

function ChoicePicker({ action, choices, value, onChange }: { action: Action; choices: Choice[]; value: string; onChange: (choice: string) => void }) {
  return (
    <>
      <label for="place-choice">{action === 'move' ? 'Move to' : action === 'swap' ? 'Swap with' : 'Worker'}</label>
      <select id="place-choice" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{choices.length === 0 ? 'Nobody can: no one else holds this role' : 'Choose…'}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The dry run's answer as it comes (announced politely), and the server's refusal once saving was tried. */
function RuleCheck({ check, refused }: { check: Check; refused?: Refusal }) {
  return (
    <>
      <div class="rule-check" aria-live="polite">
        {check.state === 'checking' && <p class="muted">Checking the rules…</p>}
        {check.state === 'error' && <Alert kind="error">{check.message}</Alert>}
        {check.state === 'done' && check.result.breaches.length === 0 && !refused && <Alert kind="success">Rule check: this change breaks no hard rule.</Alert>}
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
    </>
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
