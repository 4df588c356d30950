import { tick } from 'svelte';

export type ViewType = 'triage' | 'diagnose' | 'capture' | 'verdict' | 'report';
export type RouteType = { name: 'cases' } | { name: 'case'; id: string; view: ViewType } | { name: 'settings' };

const CASE_ROUTE = /^#\/case\/([a-z0-9-]{8,64})\/(triage|diagnose|capture|verdict|report)$/;

function parse(hash: string): RouteType {
  if (hash === '#/settings') return { name: 'settings' };
  const m = CASE_ROUTE.exec(hash);
  return m ? { name: 'case', id: m[1] as string, view: m[2] as ViewType } : { name: 'cases' };
}

/** Hash routing: the view survives a reload, and Back/Forward work as a technician expects. */
class Router {
  route = $state<RouteType>(parse(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parse(window.location.hash);
    });
  }

  go(route: RouteType): void {
    const hash = route.name === 'cases' ? '#/' : route.name === 'settings' ? '#/settings' : `#/case/${route.id}/${route.view}`;
    if (window.location.hash !== hash) window.location.hash = hash;
    this.route = route;
  }
}

export const router = new Router();

/**
 * After a view change, focus goes to the new view's heading (never stays on `<body>` when the
 * clicked control disappears): the first element marked `data-view-heading`, else the first `h1`
 * in `main`. It is scrolled to the top, clear of the sticky header (scroll-margin-top in app.css).
 */
export async function focusViewHeading(): Promise<void> {
  await tick();
  // A case view renders once its case is loaded: meanwhile focus rests on <main> (tabindex -1),
  // not on <body>; the heading takes it as soon as it is there (up to about two seconds).
  let placeholder = false;
  for (let frame = 0; frame < 120; frame++) {
    const main = document.getElementById('main');
    const heading = main?.querySelector<HTMLElement>('[data-view-heading]') ?? main?.querySelector<HTMLElement>('h1') ?? null;
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: 'start' });
      return;
    }
    if (!placeholder && main && (document.activeElement === document.body || !document.activeElement?.isConnected)) {
      main.focus({ preventScroll: true });
      placeholder = true;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/**
 * A focused control that becomes disabled (a button while its action runs) or is removed drops
 * focus to <body> without any event (HTML's focus fixup), and the next Tab starts over from the
 * top. Watches the DOM: focus rests on <main> while the control is disabled and returns to it once
 * it is enabled again; a removed control hands focus to the view's heading. Returns the stop function.
 */
export function keepFocusOffBody(): () => void {
  let last: HTMLElement | null = null;
  let parked = false;
  const onFocusIn = (event: FocusEvent) => {
    if (event.target instanceof HTMLElement && event.target.id !== 'main') {
      last = event.target;
      parked = false;
    }
  };
  const observer = new MutationObserver(() => {
    const main = document.getElementById('main');
    const active = document.activeElement;
    if (!main) return;
    if (parked && active === main && last?.isConnected && !last.matches(':disabled')) {
      last.focus({ preventScroll: true });
      return;
    }
    // Park before the browser's focus fixup moves it to <body> (that fixup fires no event).
    if (active instanceof HTMLElement && active !== main && active.matches(':disabled')) {
      last = active;
      main.focus({ preventScroll: true });
      parked = true;
      return;
    }
    // A removed control: its component usually moves focus on itself (a closed panel back to its
    // list); only if focus is still on <body> after that does the view's heading take it.
    if ((active === document.body || active === null) && last && !last.isConnected) void tick().then(() => (document.activeElement === document.body || document.activeElement === null ? focusViewHeading() : undefined));
  });
  document.addEventListener('focusin', onFocusIn);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'class'] });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
  };
}
