// The week on paper: the grid as text (no buttons), each worker's hours, the open places, on A4
// landscape (the print style sheet hides everything else). "Print" opens the browser's print dialog.
import { rotaPath } from '../../pages.ts';
import { RotaGrid } from '../components/rota-grid.tsx';
import { Alert, Loading, formatDate, formatInstant } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { useRota } from '../use-rota.ts';

export function RotaPrintPage({ rotaId }: { rotaId: string }) {
  const { rota, staff, service, error } = useRota(rotaId);
  usePageTitle(rota ? `Print: ${service?.name ?? rota.serviceId}, week of ${formatDate(rota.weekStart)}` : 'Print');
  if (error) return <Alert kind="error">{error}</Alert>;
  if (!rota || !staff) return <Loading what="the rota" />;
  const open = rota.unfilled;
  return (
    <div class="print-view">
      <p class="no-print">
        <Link href={rotaPath(rota.id)}>Back to the rota</Link>{' '}
        <button type="button" class="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1 tabIndex={-1}>
        {service?.name ?? rota.serviceId}: week of {formatDate(rota.weekStart)}
      </h1>
      <p>
        {rota.published ? `Published ${rota.publishedAt ? formatInstant(rota.publishedAt) : ''}.` : 'Draft: not published yet.'} Local times
        {service ? ` (${service.timeZone})` : ''}. Printed {formatInstant(new Date().toISOString())}.
      </p>
      <RotaGrid rota={rota} staff={staff} onOpen={() => undefined} print />
      {open.length > 0 && (
        <>
          <h2>Open places</h2>
          <ul class="print-open">
            {open.map((u, i) => (
              <li key={i}>
                {u.level === 'hard' ? 'Must fill' : 'Could fill'}: {u.slotLabel}, {u.roleName ?? u.roleId} ({u.missing}){u.awaiting ? `: ${u.awaiting.message}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
