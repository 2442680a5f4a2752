// A tiny history-API router: the current path as reactive state, and navigation that intercepts same-origin links.
import { forgetPrefetched } from './api';

class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => this.sync());
    document.addEventListener('click', (e) => {
      const a = (e.target as Element).closest?.('a');
      if (!a || a.target || a.hasAttribute('download') || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
      e.preventDefault();
      this.go(url.pathname + url.search);
    });
  }

  go(to: string, replace = false) {
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
    scrollTo(0, 0);
  }

  private sync() {
    if (location.pathname !== this.path) forgetPrefetched();
    this.path = location.pathname;
    this.search = location.search;
  }
}

export const router = new Router();
