import { PAGES } from '../../pages.ts';
import { Link, usePageTitle } from '../router.tsx';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page at this address. <Link href={PAGES.home}>Go to your start page</Link>.
      </p>
    </>
  );
}
