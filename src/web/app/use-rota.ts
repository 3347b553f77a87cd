// The rota a page shows, with its service and the service's staff; `reload` reads the rota again.
import { useEffect, useState } from 'preact/hooks';
import { describeError, get } from './api.ts';
import type { Rota, Service, StaffMember } from './rota-model.ts';

export interface RotaData {
  rota?: Rota;
  staff?: StaffMember[];
  service?: Service;
  error?: string;
  reload: () => Promise<void>;
}

export function useRota(rotaId: string): RotaData {
  const [rota, setRota] = useState<Rota>();
  const [staff, setStaff] = useState<StaffMember[]>();
  const [services, setServices] = useState<Service[]>();
  const [error, setError] = useState<string>();
  const reload = async () => {
    try {
      setRota(await get<Rota>(`/rotas/${encodeURIComponent(rotaId)}`));
    } catch (e) {
      setError(describeError(e));
    }
  };
  useEffect(() => {
    void reload();
    // Read alongside the rota (it names the service).
    get<Service[]>('/services').then(setServices, (e) => setError(describeError(e)));
  }, [rotaId]);
  useEffect(() => {
    if (!rota) return;
    get<StaffMember[]>(`/services/${encodeURIComponent(rota.serviceId)}/staff`).then(setStaff, (e) => setError(describeError(e)));
  }, [rota?.serviceId]);
  const service = rota ? services?.find((s) => s.id === rota.serviceId) : undefined;
  return { rota, staff, service, error, reload };
}
