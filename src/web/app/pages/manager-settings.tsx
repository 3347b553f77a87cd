// Self-service settings for a manager: whether swaps and give-aways are approved automatically (when no
// rule breaks and the soft cost rises by at most a set amount) and whether an open session goes to the
// first eligible request. Off by default: a manager approves each. Saved through the API (audited).
import { useEffect, useState } from 'preact/hooks';
import { PAGES } from '../../pages.ts';
import { describeError, get, put } from '../api.ts';
import { useService } from '../components/service-picker.tsx';
import { Alert, Loading } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { refusal } from './manager-fairness.tsx';

interface Settings {
  swapAutoApprove: boolean;
  swapMaxSoftRise: number;
  openAutoApprove: boolean;
}

function SettingsForm({ base, saved, onSaved }: { base: string; saved: Settings; onSaved: (s: Settings) => void }) {
  const [swapAuto, setSwapAuto] = useState(saved.swapAutoApprove);
  const [rise, setRise] = useState(String(saved.swapMaxSoftRise));
  const [openAuto, setOpenAuto] = useState(saved.openAutoApprove);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(false);
    const n = rise.trim() === '' ? Number.NaN : Number(rise);
    try {
      const next = await put<Settings>(`${base}/self-service-settings`, { swapAutoApprove: swapAuto, swapMaxSoftRise: Number.isFinite(n) ? n : rise, openAutoApprove: openAuto });
      onSaved(next);
      setDone(true);
    } catch (e) {
      setError(refusal(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading">Automatic approval</h2>
      <fieldset>
        <legend>Swaps and give-aways</legend>
        <label class="checkbox">
          <input type="checkbox" checked={swapAuto} onChange={(e) => setSwapAuto(e.currentTarget.checked)} /> Approve a swap or give-away as soon as the
          colleague accepts, when no rule breaks
        </label>
        <label for="settings-rise">Largest rise in soft cost allowed (score points)</label>
        <input id="settings-rise" type="number" inputMode="numeric" min={0} step={1} value={rise} disabled={!swapAuto} onInput={(e) => setRise(e.currentTarget.value)} />
        <p class="muted">0: only a swap that makes the rota no worse (fairness, cost, preferences) is approved at once; a manager sees the rest.</p>
      </fieldset>
      <fieldset>
        <legend>Open sessions</legend>
        <label class="checkbox">
          <input type="checkbox" checked={openAuto} onChange={(e) => setOpenAuto(e.currentTarget.checked)} /> Give an open session to the first eligible
          worker who asks
        </label>
      </fieldset>
      {error && <Alert kind="error">Not saved. {error}</Alert>}
      {done && <Alert kind="success">Saved. The settings apply from now.</Alert>}
      <button type="submit" class="button" disabled={busy}>
        Save settings
      </button>
    </form>
  );
}

export function ManagerSettingsPage() {
  usePageTitle('Self-service settings');
  const { serviceId, error: servicesError, picker } = useService(PAGES.managerSettings);
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();
  const base = serviceId ? `/services/${encodeURIComponent(serviceId)}` : '';
  useEffect(() => {
    if (!serviceId) return;
    setSettings(undefined);
    get<Settings>(`${base}/self-service-settings`).then(setSettings, (e) => setError(describeError(e)));
  }, [serviceId]);
  return (
    <>
      <h1 tabIndex={-1}>Self-service settings</h1>
      <p>
        Off, a manager approves every swap and open-session request on <Link href={PAGES.managerRequests}>Staff requests</Link>. Every rule is checked
        again at the moment of approval either way.
      </p>
      {picker}
      {(error || servicesError) && <Alert kind="error">{error ?? servicesError}</Alert>}
      {!settings && !error && !servicesError && <Loading what="the settings" />}
      {settings && <SettingsForm key={serviceId} base={base} saved={settings} onSaved={setSettings} />}
    </>
  );
}
