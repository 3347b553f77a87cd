// A small history router: the path decides the page, links change it without a reload, and each
// new page moves keyboard focus to its heading so screen-reader and keyboard users know it changed.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  search: URLSearchParams;
  hash: string;
}

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search), hash: window.location.hash.slice(1) };
}

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

type AnchorProps = JSX.HTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An ordinary link (opens in a new tab with a modifier key) that navigates in place otherwise. */
export function Link({ href, onClick, ...rest }: AnchorProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

/** Sets the document title and moves focus to the page heading when the page changes. */
export function usePageTitle(title: string): void {
  // In the commit that draws the page, so a field the user reaches for at once keeps its focus.
  useLayoutEffect(() => {
    document.title = `${title} - rota`;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) heading.focus({ preventScroll: true });
  }, [title]);
}
