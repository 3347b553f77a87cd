// A worker's start page: their places on published rotas (offers come with the bank worker pages).
import { useEffect, useState } from 'preact/hooks';
import { describeError, get } from '../api.ts';
import { Alert, Loading, formatInstant } from '../components/ui.tsx';
import { usePageTitle } from '../router.tsx';
import { useSession } from '../session.ts';

interface Assignment {
  id: number;
  slotLabel?: string;
  roleId: string;
  start: string | null;
  end: string | null;
}

export function WorkerHomePage() {
  usePageTitle('My sessions');
  const { session } = useSession();
  const [places, setPlaces] = useState<Assignment[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<Assignment[]>('/me/assignments').then(setPlaces, (e) => setError(describeError(e)));
  }, []);
  return (
    <>
      <h1 tabIndex={-1}>My sessions</h1>
      <p>Hello{session.signedIn ? `, ${session.name}` : ''}. These are your places on published rotas.</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!places && !error && <Loading what="your sessions" />}
      {places && places.length === 0 && <p>You have no sessions on a published rota yet.</p>}
      {places && places.length > 0 && (
        <ul class="card-list">
          {places.map((p) => (
            <li key={p.id} class="card">
              <strong>{p.slotLabel ?? 'Session'}</strong>
              {p.start && p.end && (
                <div>
                  {formatInstant(p.start)} to {formatInstant(p.end)}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
