import { usePageTitle } from '../router.tsx';

export function OutboxPage() {
  usePageTitle('Outbox');
  return <h1 tabIndex={-1}>Outbox</h1>;
}
