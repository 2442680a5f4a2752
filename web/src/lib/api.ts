// Typed calls to the PiVault API. Errors carry the server's plain-language problem detail.
export interface User { id: string; email: string; name: string; isAdmin: boolean; isDisabled: boolean; createdAt: string }
export interface ServerConfig { setupRequired: boolean; setupCompleted: boolean; deviceName: string }
export interface Bucket { timeBucket: string; count: number }
export interface Tile {
  id: string; ownerId: string; type: string; takenAt: string; width: number | null; height: number | null;
  thumbHash: string | null; hasThumbnail: boolean; isFavorite: boolean; isArchived: boolean; durationSeconds: number | null;
  originalFileName: string;
  /** The wall clock where it was taken, without an offset (UTC when unknown): days and months follow it. */
  localDateTime: string; utcOffsetMinutes: number | null;
  /** The hidden video half of a Live Photo or motion photo; the viewer plays it on hover or press (GET /assets/{id}/playback). */
  livePhotoVideoId?: string | null;
  /** The stack this tile is the cover of (the timeline shows stacks by their cover), and how many photos it holds. */
  stackId?: string | null; stackCount?: number | null;
}
/** "On this day": the photos of one earlier year's same day (GET /memories). */
export interface Memory { id: string; year: number; yearsAgo: number; memoryAt: string; isSaved: boolean; assetIds: string[] }
export interface MapMarker { id: string; lat: number; lon: number; city: string | null; state: string | null; country: string | null }
export interface Asset extends Tile {
  mimeType: string; fileSize: number; isTrashed: boolean; fileCreatedAt: string;
  /** The original is on the cold-storage drive, which is not attached: thumbnails and previews still work, downloads do not. */
  offline: boolean; [extra: string]: unknown;
}
export interface Album {
  id: string; ownerId: string; ownerName: string; name: string; description: string; coverAssetId: string | null;
  assetCount: number; startAt: string | null; endAt: string | null; isOwner: boolean; role: string;
  members: { userId: string; name: string; email: string; role: string }[];
}
export interface SharedLink {
  id: string; key: string; url: string; type: string; albumId: string | null; albumName: string | null; description: string;
  hasPassword: boolean; allowDownload: boolean; expiresAt: string | null; isExpired: boolean; assetCount: number; createdAt: string;
}
export interface SharedView { type: string; title: string; description: string; ownerName: string; allowDownload: boolean; expiresAt: string | null; assets: Tile[] }
/** A file system PiVault has seen (GET /admin/drives), attached now or remembered with its last-seen time. */
export interface Drive {
  uuid: string; device: string | null; model: string | null; label: string | null; sizeBytes: number; freeBytes: number | null;
  fileSystem: string | null; role: 'hot' | 'cold' | 'backup' | 'none'; mountPoint: string | null; attached: boolean;
  firstSeen: string; lastSeen: string;
}
/** A whole disk attached now; confirmation is what to type to prepare it (null: in use). */
export interface AttachedDisk {
  device: string; name: string; model: string | null; sizeBytes: number; transport: string | null; holdsData: boolean; inUse: boolean;
  confirmation: string | null;
}
export interface Drives { drives: Drive[]; disks: AttachedDisk[] }

export interface Settings { setupCompleted: boolean; timeZone: string; deviceName: string; mlEnabled: boolean; systemWarnings: string[] }
export interface Queue { queue: string; pending: number; running: number; failed: number; delayed: number; paused: boolean; maxWorkers: number; allowedWorkers: number; missing: number; eligible: number }
export interface Pressure { someAvg10: number; fullAvg10: number | null }
export interface HealthReading {
  cpuTemperatureC: number | null; cpuFrequencyKHz: number | null; undervoltageNow: boolean | null;
  throttled: { bits: number; undervoltageNow: boolean; frequencyCappedNow: boolean; throttledNow: boolean; undervoltageOccurred: boolean } | null;
  memory: { totalKB: number; availableKB: number; availablePercent: number } | null;
  memoryPressure: Pressure | null; cpuPressure: Pressure | null; ioPressure: Pressure | null; problems: string[];
}
export interface QueueHealth {
  queue: string; label: string; load: string; maxWorkers: number; allowedWorkers: number; reasons: string[]; heat: "normal" | "slow" | "pause";
  pending: number; running: number; failed: number; pausedByAdmin: boolean; perMinuteLast5Minutes: number; perMinuteLastHour: number;
}
export interface HealthSample {
  at: number; temperatureC: number | null; undervoltage: boolean | null; memoryAvailablePercent: number | null; memoryPressure: number | null;
  allowed: Record<string, number>; pending: Record<string, number> | null;
}
export interface HealthWarning { level: 'info' | 'warning' | 'critical'; title: string; detail: string; advice: string }
export interface Disk { roles: string[]; path: string; totalBytes: number; freeBytes: number; freePercent: number }
export interface HealthEvent { at: number; kind: 'undervoltage' | 'throttled' | 'thermal-pause' }
export interface SystemHealth {
  at: string; reading: HealthReading; queues: QueueHealth[]; notes: string[]; history: HealthSample[]; warnings: HealthWarning[]; disks: Disk[];
  eventCounts: { kind: HealthEvent['kind']; today: number; last24Hours: number; sinceBoot: boolean | null }[]; events: HealthEvent[];
  thresholds: { slowAboveC: number; coolingMarginC: number; pauseAboveC: Record<string, number>; lowMemoryPercent: number };
  button: ButtonHealth; led: StatusLedHealth; backup: BackupStatus; ml: MlStatus; offsite: OffsiteStatus;
}
/** GET /ml/features: each ML feature on or off (with the reason), and the model sessions in memory now. */
export interface MlFeature { feature: 'ocr' | 'smart-search' | 'face-detection'; label: string; model: string | null; on: boolean; reason: string | null }
export interface MlStatus { features: MlFeature[]; loadedSessions: number }
export interface ButtonHealth {
  state: 'absent' | 'ok' | 'busy' | 'error'; chip: string | null; line: string | null; detail: string; presses: number;
  lastPressAt: string | null; lastPressKind: 'short' | 'long' | null; lastPressHeldMs: number | null;
}
export interface StatusLedHealth {
  state: 'absent' | 'ok' | 'error'; name: string | null; detail: string;
  pattern: 'off' | 'ready' | 'working' | 'attention' | 'backuprunning' | 'safetounplug' | 'error';
}
export interface BackupCurrent { target: string; driveId: string | null; trigger: string; startedAt: string; phase: string; filesDone: number; filesTotal: number; bytesCopied: number; waitingFor: string | null }
export interface BackupTarget { path: string; attached: boolean; driveId: string | null; freeBytes: number | null }
export interface BackupDrive {
  driveId: string; target: string; attached: boolean; lastGoodAt: string | null; lastGoodFiles: number | null; lastGoodBytes: number | null;
  lastGoodAgeDays: number | null; lastRunAt: string; lastOutcome: string; lastError: string | null;
}
export interface BackupStatus {
  state: 'idle' | 'running' | 'done' | 'ejected' | 'failed' | 'no-drive'; light: 'none' | 'running' | 'safe-to-unplug' | 'error'; message: string | null;
  current: BackupCurrent | null; targets: BackupTarget[]; drives: BackupDrive[]; newestGoodBackupAt: string | null; newestGoodBackupAgeDays: number | null; overdueDays: number;
}
export interface BackupAction { done?: boolean; started?: boolean; message: string; status: BackupStatus }
/** The off-site backup (GET /offsite; docs/offsite-backup.md): remotes with their schedule and last runs, the running one's progress. */
export interface OffsiteRun {
  id: number; remote: string; startedAt: string; finishedAt: string | null; outcome: 'running' | 'succeeded' | 'failed' | 'cancelled'; trigger: string;
  filesUploaded: number; bytesUploaded: number; filesOnRemote: number; filesSampled: number; error: string | null;
}
export interface OffsiteRemote {
  name: string; kind: 's3' | 'b2' | 'sftp' | 'webdav'; settings: Record<string, string>; secrets: Record<string, string>; encrypted: boolean;
  intervalHours: number; window: string | null; bandwidthLimit: string | null; retentionDays: number; createdAt: string;
  lastRun: OffsiteRun | null; lastGoodRun: OffsiteRun | null;
}
export interface OffsiteProgress {
  remote: string; phase: string; bytes: number; totalBytes: number; files: number; totalFiles: number; bytesPerSecond: number;
  etaSeconds: number | null; waitingFor: string | null; startedAt: string;
}
export interface OffsiteStatus {
  remotes: OffsiteRemote[]; current: OffsiteProgress | null; newestGoodCopyAt: string | null; newestGoodCopyAgeDays: number | null; overdueDays: number;
}
export interface OffsiteCreated { remote: OffsiteRemote; encryptionPassword: string | null; warning: string | null }
export interface OffsiteStart { started: boolean; message: string; status: OffsiteStatus }
export interface OffsiteHostKeys { host: string; port: number; keys: { type: string; fingerprint: string }[] }
export interface OffsiteSetupRestore { phase: string; progress: OffsiteProgress | null; error: string | null; originals: number | null; bytes: number | null }
/** A group of look-alike photos (GET /duplicates); suggestedKeep: the largest resolution, then the most metadata. */
export interface DuplicateGroup {
  id: string; createdAt: string; suggestedKeep: string;
  assets: { id: string; fileName: string; mimeType: string; fileSize: number; width: number | null; height: number | null; takenAt: string }[];
}
export interface FolderLibrary { id: string; ownerId: string; name: string; importPaths: string[]; exclusionPatterns: string[]; createdAt: string; updatedAt: string; refreshedAt: string | null; assetCount: number }
export interface LibraryStats { photos: number; videos: number; total: number; usage: number }
export interface ScanReport { added: number; changed: number; renamed: number; offline: number; returned: number; skipped: number; missingImportPaths: string[] }
export interface ApiKey { id: string; name: string; permissions: string[]; createdAt: string; lastUsedAt: string | null }

export class ApiError extends Error {
  constructor(public status: number, message: string) { super(message); }
}

// GETs started early (see prefetch), each answered to the first api() call for the same path.
const early = new Map<string, Promise<unknown>>();

/** Starts a GET now; the first api() call for that path takes its answer, or asks again if it failed. */
export function prefetch<T>(path: string): Promise<T> {
  const pending = request<T>(path, {});
  early.set(path, pending);
  pending.catch(() => {}); // a failure is for the later caller, which asks again
  return pending;
}

/**
 * Drops early answers nobody took: they belong to the page the app opened on, and after a navigation (an upload, say)
 * they would show a stale library.
 */
export function forgetPrefetched() {
  early.clear();
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const pending = options.method === undefined ? early.get(path) : undefined;
  if (pending) {
    early.delete(path);
    try { return (await pending) as T; } catch { /* ask again below */ }
  }
  return request<T>(path, options);
}

async function request<T>(path: string, options: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: options.method ?? 'GET',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

/** An export of these assets as a .zip (docs/export.md), saved by the browser. */
export async function downloadZip(assetIds: string[]): Promise<void> {
  const response = await fetch('/api/v1/export', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assetIds }), credentials: 'same-origin',
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: 'pivault-export.zip' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The whole library, or one album, as a streamed .zip: a plain link, so the browser saves it as it arrives. */
export const exportUrl = (albumId?: string) => `/api/v1/export${albumId ? `?albumId=${albumId}` : ''}`;

export const thumbUrl = (id: string, size: 'thumbnail' | 'preview' = 'thumbnail') => `/api/v1/assets/${id}/thumbnail?size=${size}`;
export const originalUrl = (id: string, download = false) => `/api/v1/assets/${id}/original${download ? '?download=true' : ''}`;
/** What a video element plays: a browser-friendly copy when the server made one, else the original. */
export const playbackUrl = (id: string) => `/api/v1/assets/${id}/playback`;
export const sharedPlaybackUrl = (key: string, id: string) => `/api/v1/shared/${key}/assets/${id}/playback`;
export const sharedThumbUrl = (key: string, id: string, size: 'thumbnail' | 'preview' = 'thumbnail') =>
  `/api/v1/shared/${key}/assets/${id}/thumbnail?size=${size}`;
export const sharedOriginalUrl = (key: string, id: string, download = false) =>
  `/api/v1/shared/${key}/assets/${id}/original${download ? '?download=true' : ''}`;

/** POSTs a body with upload progress; resolves with the JSON answer, rejects with the problem's detail. */
function postWithProgress<T>(url: string, body: XMLHttpRequestBodyInit, onProgress: (fraction: number) => void, contentType?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let answer: any = {};
      try { answer = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(answer);
      else reject(new ApiError(xhr.status, answer.detail ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'The connection to PiVault was lost.'));
    xhr.send(body);
  });
}

/** Uploads one file with progress; resolves with the server's answer (created or duplicate). */
export function upload(file: File, onProgress: (fraction: number) => void): Promise<{ id: string; status: string }> {
  const form = new FormData();
  form.append('deviceAssetId', `web-${file.name}-${file.size}-${file.lastModified}`);
  form.append('deviceId', 'web');
  form.append('fileCreatedAt', new Date(file.lastModified).toISOString());
  form.append('fileModifiedAt', new Date(file.lastModified).toISOString());
  form.append('file', file, file.name);
  return postWithProgress('/api/v1/assets', form, onProgress);
}

export interface ImportPart { seq: number; name: string; size: number }
export interface ImportJob {
  id: string; ownerId: string; source: 'upload' | 'path'; state: string; error: string | null; totalFiles: number; totalBytes: number;
  doneFiles: number; doneBytes: number; imported: number; merged: number; skipped: number; etaSeconds: number | null;
  bytesPerSecond: number | null; createdAt: string; finishedAt: string | null; parts: ImportPart[];
}
export interface ImportReport { importId: string; lines: { path: string; kind: string; outcome: string; reason: string | null; assetId: string | null }[]; total: number; next: string | null }

/** One folder of an import: an album folder with the album it filled, or a year folder. */
export interface ImportFolder { folder: string; isAlbum: boolean; albumId: string | null; albumName: string | null; total: number; imported: number; merged: number; skipped: number; pending: number }

/** Sends one Takeout archive part of an import as the request body, with progress. */
export function uploadImportPart(importId: string, file: File, onProgress: (fraction: number) => void): Promise<ImportJob> {
  return postWithProgress(`/api/v1/imports/${importId}/parts?name=${encodeURIComponent(file.name)}`, file, onProgress, 'application/octet-stream');
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (bytes >= 1000 && i < units.length - 1) { bytes /= 1000; i++; }
  return `${bytes.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
