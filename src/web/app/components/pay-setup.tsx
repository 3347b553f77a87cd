// Choosing pay periods before the first lock: how often, and the first period paid through rota.
import { useState } from 'preact/hooks';
import { describeError, put } from '../api.ts';
import type { PaySettings } from '../pages/payroll.tsx';
import { Alert } from './ui.tsx';

export function PaySetup({ serviceId, settings, onSaved }: { serviceId: string; settings: PaySettings; onSaved: () => void }) {
  const [frequency, setFrequency] = useState(settings.frequency);
  const [first, setFirst] = useState('');
  const [holidayMode, setHolidayMode] = useState(settings.holidayMode);
  const [error, setError] = useState<string>();
  return (
    <section class="card" aria-labelledby="setup">
      <h2 id="setup">Set up pay periods</h2>
      <p>Choose how often you pay and the first period paid through rota. Places before it were paid some other way.</p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setError(undefined);
          try {
            await put('/payroll/settings', {
              serviceId,
              frequency,
              anchorDate: first,
              firstPeriodStart: first,
              nightStartMinute: settings.nightStartMinute,
              nightEndMinute: settings.nightEndMinute,
              holidayMode,
            });
            onSaved();
          } catch (e) {
            setError(describeError(e));
          }
        }}
      >
        <div class="field-row">
          <div>
            <label for="frequency">Pay periods</label>
            <select id="frequency" value={frequency} onChange={(e) => setFrequency(e.currentTarget.value as PaySettings['frequency'])}>
              <option value="weekly">Weekly</option>
              <option value="fortnightly">Fortnightly</option>
              <option value="monthly">Monthly</option>
            </select>
          </div>
          <div>
            <label for="first-period">First period starts</label>
            <input id="first-period" type="date" required value={first} onInput={(e) => setFirst(e.currentTarget.value)} />
          </div>
          <div>
            <label for="holiday-mode">Bank workers' holiday</label>
            <select id="holiday-mode" value={holidayMode} onChange={(e) => setHolidayMode(e.currentTarget.value as PaySettings['holidayMode'])}>
              <option value="accrual">Accrued as hours (12.07%)</option>
              <option value="rolled-up">Rolled up into pay (12.07%)</option>
            </select>
          </div>
        </div>
        <button type="submit" class="button">
          Save pay periods
        </button>
      </form>
      {error && <Alert kind="error">{error}</Alert>}
    </section>
  );
}
