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
