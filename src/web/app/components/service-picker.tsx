// The service a manager's page is about: `?service=` in the address, or the first service; a select
// to change it (the address follows, so the page can be reloaded or shared).
import { useEffect, useState } from 'preact/hooks';
import { describeError, get, query } from '../api.ts';
import { navigate, useLocation } from '../router.tsx';

export interface Service {
  id: string;
  name: string;
}

export function useService(page: string): { services?: Service[]; serviceId?: string; error?: string; picker: preact.JSX.Element | null } {
  const { search } = useLocation();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    get<Service[]>('/services').then(setServices, (e) => setError(describeError(e)));
  }, []);
  const serviceId = search.get('service') ?? services?.[0]?.id;
  const picker = services ? <ServicePicker services={services} value={serviceId} page={page} id={`${page.replace(/\W+/g, '-')}-service`} /> : null;
  return { services, serviceId, error, picker };
}

/** The select of services; choosing one puts it in the page's address (`?service=`). */
export function ServicePicker({ services, value, page, id }: { services: Service[]; value: string | undefined; page: string; id: string }) {
  return (
    <div class="field-row no-print">
      <div>
        <label for={id}>Service</label>
        <select id={id} value={value} onChange={(e) => navigate(`${page}${query({ service: e.currentTarget.value })}`, { replace: true })}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
