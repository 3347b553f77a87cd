import { usePageTitle } from '../router.tsx';

export function PayrollPage() {
  usePageTitle('Payroll');
  return <h1 tabIndex={-1}>Payroll</h1>;
}
