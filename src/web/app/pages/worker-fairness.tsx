// A worker's fair share: their weekends, bank holidays, late shifts, nights and Christmas/New Year
// days over the last twelve months, beside the service's average (no colleague's figures, and no
// average at all when the service is so small that it would give one away).
import { useEffect, useState } from 'preact/hooks';
import { describeError, get } from '../api.ts';
import { CATEGORY_WORDS, type Category, type MyFairness } from '../components/fairness.ts';
import { Alert, Loading, formatDate } from '../components/ui.tsx';
import { usePageTitle } from '../router.tsx';

const CATEGORIES: Category[] = ['weekends', 'nights', 'bankHolidays', 'lates', 'christmas'];

function compared(mine: number, average: number): string {
  if (mine > average) return 'more than average';
  if (mine < average) return 'fewer than average';
  return 'about average';
}

export function WorkerFairnessPage() {
  usePageTitle('My fair share');
  const [mine, setMine] = useState<MyFairness>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<MyFairness>('/me/fairness').then(setMine, (e) => setError(describeError(e)));
  }, []);
  return (
    <>
      <h1 tabIndex={-1}>My fair share</h1>
      <p>
        The harder shifts you have worked, counted from published rotas, so the rota can share them out fairly over the year and not
        only within one week.
      </p>
      {error && <Alert kind="error">{error}</Alert>}
      {!mine && !error && <Loading what="your counts" />}
      {mine && (
        <>
          <p>
            From {formatDate(mine.fromDate)} to {formatDate(mine.toDate)}.
          </p>
          <div class="table-wrap table-wrap--wrap" role="region" aria-labelledby="fair-caption" tabIndex={0}>
            <table>
              <caption id="fair-caption">Your counts{mine.spread ? ' and the service average' : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">Shifts</th>
                  <th scope="col" class="num">
                    You
                  </th>
                  {mine.spread && (
                    <th scope="col" class="num">
                      Service average
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {CATEGORIES.map((c) => (
                  <tr key={c}>
                    <th scope="row">{CATEGORY_WORDS[c]}</th>
                    <td class="num">{mine.counts[c]}</td>
                    {mine.spread && (
                      <td class="num">
                        {mine.spread[c].average}
                        <span class="visually-hidden"> ({compared(mine.counts[c], mine.spread[c].average)})</span>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {mine.spread ? (
            <p class="muted">The average is over the {mine.staffCounted} staff of your service. Nobody else's own figures are shown.</p>
          ) : (
            <p class="muted">Your service has too few staff to show an average without giving away a colleague's figures.</p>
          )}
          <p class="muted">If a count looks wrong (for example, work the rota does not show), ask your manager: they can correct it.</p>
        </>
      )}
    </>
  );
}
