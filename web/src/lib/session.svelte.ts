import { api, type User, type ServerConfig } from './api';

// Who is logged in and whether the first-boot wizard must run; loaded once at start and after login/logout.
class Session {
  user = $state<User | null>(null);
  config = $state<ServerConfig | null>(null);
  loaded = $state(false);

  async load() {
    this.config = await api<ServerConfig>('/server/config');
    try {
      this.user = this.config.setupRequired ? null : await api<User>('/users/me');
    } catch {
      this.user = null;
    }
    this.loaded = true;
  }

  async logout() {
    try { await api('/auth/logout', { method: 'POST' }); } catch { /* already gone */ }
    this.user = null;
  }
}

export const session = new Session();
