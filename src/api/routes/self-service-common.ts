// What the self-service route plugins share: who may call the worker routes, the schema references,
// and the shapes of a reason and of a service's path parameters.
import type { Access } from '../access.ts';
import { ref } from '../schemas.ts';

export const WORKER: Access = ['worker'];
export const s = (name: string) => ref('self-service', name);
export type Reason = { reason?: string } | null | undefined;
export type ServiceP = { serviceId: string };
