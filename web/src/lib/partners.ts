// Partner sharing (docs/partners.md): the people the caller shares their library with, and who share with the caller.
import { api } from './api';

export interface Partner { id: string; name: string; email: string; inTimeline: boolean; shareFrom: string | null; since: string }

export const sharingWith = () => api<Partner[]>('/partners?direction=shared-by');
export const sharedWithMe = () => api<Partner[]>('/partners?direction=shared-with');
export const share = (sharedWithId: string, shareFrom: string | null) =>
  api<Partner>('/partners', { method: 'POST', body: { sharedWithId, shareFrom } });
export const stopSharing = (id: string) => api(`/partners/${id}`, { method: 'DELETE' });
export const showInTimeline = (id: string, inTimeline: boolean) => api<Partner>(`/partners/${id}`, { method: 'PUT', body: { inTimeline } });
