// Which timeline a path shows and the API paths of its months, in one place for the pages and the start-up prefetch.
import { prefetch, type Bucket } from './api';

export type TimelineView = 'timeline' | 'favorites' | 'archive' | 'album';
export interface TimelineRoute { view: TimelineView; albumId?: string; tagId?: string }

/** The timeline at a path, or null for every other page. */
export function timelineAt(path: string): TimelineRoute | null {
  if (path === '/') return { view: 'timeline' };
  if (path === '/favorites') return { view: 'favorites' };
  if (path === '/archive') return { view: 'archive' };
  if (path.startsWith('/albums/') && path.length > '/albums/'.length) return { view: 'album', albumId: path.slice('/albums/'.length) };
  return null;
}

// The main timeline asks for the partners the user chose to show in it (the server adds them only then).
// A tag's photos (the tag page) are the caller's own timeline photos carrying it or a tag under it.
export const timelineQuery = (t: TimelineRoute) =>
  t.tagId ? `view=timeline&tagId=${t.tagId}`
  : t.view === 'album' ? `albumId=${t.albumId}` : t.view === 'timeline' ? 'view=timeline&withPartners=true' : `view=${t.view}`;
export const bucketsPath = (query: string) => `/timeline/buckets?${query}`;
export const bucketPath = (bucket: string, query: string) => `/timeline/bucket?timeBucket=${bucket}&${query}`;

/**
 * Asks for the months and the newest month's tiles as soon as the script runs, in parallel with the session check
 * (server config, who is logged in): the first tiles then wait for two requests, not four in a row. Without a
 * session the answers are 401s that nobody uses.
 */
export function prefetchTimeline(path: string) {
  const route = timelineAt(path);
  if (!route) return;
  const query = timelineQuery(route);
  prefetch<Bucket[]>(bucketsPath(query)).then((buckets) => { if (buckets[0]) prefetch(bucketPath(buckets[0].timeBucket, query)); }, () => {});
}
