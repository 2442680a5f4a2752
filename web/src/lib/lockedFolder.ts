// The locked folder (GET/POST /locked-folder…): a PIN per person, opened per session for 15 minutes; what is in it shows
// only on the Locked folder page while open, and nowhere else.
import { api } from './api';

export interface LockedFolderStatus { pinSet: boolean; unlocked: boolean; unlockedUntil: string | null }

/** The PIN the web app asks for: six digits (the server also takes four or five, as the Immich app does). */
export const pinPattern = /^\d{6}$/;

export const lockedFolderStatus = () => api<LockedFolderStatus>('/locked-folder');
export const setPin = (pin: string) => api<void>('/locked-folder/pin', { method: 'POST', body: { pin } });
export const unlockFolder = (pin: string) => api<LockedFolderStatus>('/locked-folder/unlock', { method: 'POST', body: { pin } });
export const lockFolder = () => api<void>('/locked-folder/lock', { method: 'POST' });
export const moveToLockedFolder = (ids: string[]) =>
  api<{ moved: number }>('/locked-folder/assets', { method: 'PUT', body: { ids } });
export const moveOutOfLockedFolder = (ids: string[]) =>
  api<{ moved: number }>('/locked-folder/assets', { method: 'DELETE', body: { ids } });
export const lockedBucketsQuery = 'view=locked';
/** A new PIN, proven by the current one. */
export const changePin = (pin: string, newPin: string) => api<void>('/locked-folder/pin', { method: 'PUT', body: { pin, newPin } });
/** No PIN any more (a forgotten one), proven by the account password; the photos stay locked until a new PIN opens them. */
export const removePinWithPassword = (password: string) => api<void>('/locked-folder/pin', { method: 'DELETE', body: { password } });
