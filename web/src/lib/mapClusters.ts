// Marker clustering for the map page: markers projected onto a plain equirectangular plane (no tiles), grouped by a
// grid whose cells shrink as the view zooms in, so a few thousand photos stay a few dozen circles.
import type { MapMarker } from './api';

export interface View { west: number; east: number; south: number; north: number }
export interface Cluster { lat: number; lon: number; markers: MapMarker[] }

export const World: View = { west: -180, east: 180, south: -85, north: 85 };

/** Groups the markers inside the view into cells of about `cells` across its width. */
export function clusters(markers: MapMarker[], view: View, cells = 12): Cluster[] {
  const size = (view.east - view.west) / cells;
  const groups = new Map<string, MapMarker[]>();
  for (const m of markers) {
    if (m.lon < view.west || m.lon > view.east || m.lat < view.south || m.lat > view.north) continue;
    const key = `${Math.floor((m.lon - view.west) / size)}:${Math.floor((m.lat - view.south) / size)}`;
    const group = groups.get(key);
    if (group) group.push(m); else groups.set(key, [m]);
  }
  return [...groups.values()].map((g) => ({
    lat: g.reduce((s, m) => s + m.lat, 0) / g.length, lon: g.reduce((s, m) => s + m.lon, 0) / g.length, markers: g,
  }));
}

/** The smallest view around the markers, with a margin, never smaller than about a city. */
export function around(markers: MapMarker[]): View {
  if (markers.length === 0) return World;
  const lats = markers.map((m) => m.lat), lons = markers.map((m) => m.lon);
  const pad = Math.max(0.05, (Math.max(...lons) - Math.min(...lons)) * 0.15, (Math.max(...lats) - Math.min(...lats)) * 0.15);
  return {
    west: Math.max(-180, Math.min(...lons) - pad), east: Math.min(180, Math.max(...lons) + pad),
    south: Math.max(-85, Math.min(...lats) - pad), north: Math.min(85, Math.max(...lats) + pad),
  };
}

/** The view scaled by `factor` (< 1 zooms in) around a point. */
export function zoom(view: View, factor: number, lon = (view.west + view.east) / 2, lat = (view.south + view.north) / 2): View {
  const w = Math.min(360, (view.east - view.west) * factor), h = Math.min(170, (view.north - view.south) * factor);
  const west = Math.max(-180, Math.min(180 - w, lon - w / 2)), south = Math.max(-85, Math.min(85 - h, lat - h / 2));
  return { west, east: west + w, south, north: south + h };
}
