// Search: what the address bar holds (/search?q=…&city=…, /search?like=<id>), the two search calls, and the recent
// searches each user keeps in this browser.
import { api, type Tile } from './api';

/** The filters both searches accept (POST /search and /search/text); dates are yyyy-mm-dd, inclusive. */
export interface SearchFilters {
  takenAfter?: string; takenBefore?: string; city?: string; country?: string; make?: string; model?: string;
  type?: 'image' | 'video'; albumId?: string; isFavorite?: boolean;
}
/** text: words matched by meaning (smart search, CLIP); like: more like a photo; ocr: words written in the photos; people: photos with all of them. */
export interface SearchRequest { q: string; like: string; mode: 'smart' | 'ocr'; filters: SearchFilters; people: string[] }
export interface SearchPage { items: Tile[]; page: number; size: number; nextPage: number | null }
/** The search answers full assets (AssetDto) with the photo's local wall clock (localDateTime), as the timeline's tiles have it. */
type SearchAsset = Omit<Tile, 'localDateTime' | 'utcOffsetMinutes' | 'isArchived'> & { localDateTime?: string | null };
const asTile = (a: SearchAsset): Tile => ({
  ...a, isArchived: false, utcOffsetMinutes: null,
  localDateTime: a.localDateTime ?? new Date(a.takenAt).toISOString().slice(0, 23),
});

const filterNames = ['takenAfter', 'takenBefore', 'city', 'country', 'make', 'model', 'type', 'albumId'] as const;
export const pageSize = 60;

export function searchFrom(query: string): SearchRequest {
  const p = new URLSearchParams(query);
  const filters: SearchFilters = {};
  for (const name of filterNames) {
    const value = p.get(name);
    if (value) (filters as Record<string, string>)[name] = value;
  }
  if (p.get('isFavorite') === 'true') filters.isFavorite = true;
  return { q: p.get('q') ?? '', like: p.get('like') ?? '', mode: p.get('in') === 'text' ? 'ocr' : 'smart', filters, people: p.getAll('person') };
}

export function searchPath(s: Partial<SearchRequest>): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.like) p.set('like', s.like);
  if (s.mode === 'ocr') p.set('in', 'text');
  for (const id of s.people ?? []) p.append('person', id);
  for (const [name, value] of Object.entries(s.filters ?? {})) if (value !== undefined && value !== '' && value !== false) p.set(name, String(value));
  return `/search?${p}`;
}

/** The start or end of a day in this browser's time zone. */
const dayEdge = (day: string, time: string) => new Date(`${day}${time}`).toISOString();

/**
 * One page of results: ranked by meaning, or (ocr) the photos whose text contains the words, newest first. People only
 * (no words): their photos, newest first, through the text search without text.
 */
export async function search(s: SearchRequest, page: number): Promise<SearchPage> {
  const f = s.filters;
  const body = {
    query: s.like ? undefined : s.q, queryAssetId: s.like || undefined, city: f.city, country: f.country, make: f.make, model: f.model,
    type: f.type, albumId: f.albumId, isFavorite: f.isFavorite || undefined, page, size: pageSize, personIds: s.people.length ? s.people : undefined,
    takenAfter: f.takenAfter ? dayEdge(f.takenAfter, 'T00:00:00') : undefined, takenBefore: f.takenBefore ? dayEdge(f.takenBefore, 'T23:59:59.999') : undefined,
  };
  const answer = await api<Omit<SearchPage, 'items'> & { items: SearchAsset[] }>(s.mode === 'ocr' || (!s.q && !s.like) ? '/search/text' : '/search', { method: 'POST', body });
  return { ...answer, items: answer.items.map(asTile) };
}

// Recent searches: per user, newest first, at most eight, only in this browser.
const recentKey = (userId: string) => `pivault.recent-searches.${userId}`;
const recentLimit = 8;

export function recentSearches(userId: string): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(recentKey(userId)) ?? '[]');
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSearch(userId: string, text: string): void {
  const kept = recentSearches(userId).filter((s) => s.toLowerCase() !== text.toLowerCase());
  localStorage.setItem(recentKey(userId), JSON.stringify([text, ...kept].slice(0, recentLimit)));
}

export function clearRecentSearches(userId: string): void {
  localStorage.removeItem(recentKey(userId));
}
