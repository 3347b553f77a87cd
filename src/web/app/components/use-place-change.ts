// The place dialog's two conversations with the server: the rule check of the change as it is chosen
// (a dry run, before anything is saved) and the saving of it (or pinning), with the server's refusal.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, post } from '../api.ts';
import { ACTION_TEXT, saveChange, type Action, type Change, type Place } from './place-change.ts';

interface CheckResult {
  breaches: string[];
  refusal: string | null;
}

export type Check = { state: 'idle' } | { state: 'checking' } | { state: 'done'; result: CheckResult } | { state: 'error'; message: string };

/**
 * A dry run of the change as soon as it is complete; only the latest change's answer lands.
 * onNewChange runs first each time the change is another one.
 */
export function useRuleCheck(rotaId: string, planned: Change | undefined, onNewChange: () => void): Check {
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const seq = useRef(0);
  const key = JSON.stringify(planned ?? null);
  useEffect(() => {
    onNewChange();
    if (!planned) {
      setCheck({ state: 'idle' });
      return;
    }
    const mine = ++seq.current;
    setCheck({ state: 'checking' });
    post<CheckResult>(`/rotas/${encodeURIComponent(rotaId)}/changes`, { ...planned, reason: 'checking before saving', dryRun: true }).then(
      (result) => mine === seq.current && setCheck({ state: 'done', result }),
      (e) => mine === seq.current && setCheck({ state: 'error', message: describeError(e) }),
    );
  }, [key]);
  return check;
}

export interface Refusal {
  message: string;
  breaches: string[];
}

export interface ChangeForm {
  action: Action;
  choice: string;
  planned: Change | undefined;
  reason: string;
  override: boolean;
}

/** Saving the change or pinning the place; finish closes the dialog with what was done. */
export function usePlaceSave(place: Place, finish: (message?: string) => void) {
  const [refused, setRefused] = useState<Refusal>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  /** askReason is called (after the error is shown) when no reason was given: the audit log needs one. */
  const save = async ({ action, choice, planned, reason, override }: ChangeForm, askReason: () => void) => {
    setError(undefined);
    const why = reason.trim();
    if (!why) {
      setError(override ? 'Say why you are overriding the rule: it is kept in the audit log.' : 'Say why you are making this change: it is kept in the audit log.');
      askReason();
      return;
    }
    if (!planned) return;
    setSaving(true);
    try {
      await saveChange(place, action, choice, planned, why, override);
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
    const assigned = place.assigned!;
    setSaving(true);
    try {
      await post(`/rotas/${encodeURIComponent(place.rota.id)}/assignments/${assigned.id}/${pinned ? 'pin' : 'unpin'}`, {});
      finish(pinned ? `Pinned: re-plans keep ${assigned.staffName} in this place.` : 'Unpinned: a re-plan may move this place.');
    } catch (e) {
      setSaving(false);
      setError(describeError(e));
    }
  };

  return { refused, setRefused, error, saving, save, pin };
}
