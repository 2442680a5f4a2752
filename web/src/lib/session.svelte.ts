import { api, type User, type ServerConfig } from './api';

// Who is logged in and whether the first-boot wizard must run; loaded once at start and after login/logout.
class Session {
  user = $state<User | null>(null);
  config = $state<ServerConfig | null>(null);
  loaded = $state(false);

  /** Both at once: who is logged in does not depend on the config (before setup there is nobody, and the answer is 401). */
  async load() {
    const [config, user] = await Promise.all([api<ServerConfig>('/server/config'), api<User>('/users/me').catch(() => null)]);
    this.config = config;
    this.user = config.setupRequired ? null : user;
    this.loaded = true;
  }

  async logout() {
    try { await api('/auth/logout', { method: 'POST' }); } catch { /* already gone */ }
    this.user = null;
  }
}

export const session = new Session();
