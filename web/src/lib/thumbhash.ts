import { thumbHashToDataURL } from 'thumbhash';

// Decoded placeholders, cached: decoding is cheap but runs for every tile that scrolls into view.
const cache = new Map<string, string>();

export function placeholder(hash: string | null): string | null {
  if (!hash) return null;
  let url = cache.get(hash);
  if (url === undefined) {
    try {
      const bytes = Uint8Array.from(atob(hash), (c) => c.charCodeAt(0));
      url = thumbHashToDataURL(bytes);
    } catch {
      url = '';
    }
    if (cache.size > 5000) cache.clear();
    cache.set(hash, url);
  }
  return url || null;
}
