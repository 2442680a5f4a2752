import type { Tile } from './api';

// Justified rows (as Google Photos lays them out): each row is scaled so its tiles fill the width exactly.
export interface Box { tile: Tile; x: number; y: number; w: number; h: number }
export interface DayGroup { label: string; y: number; height: number; boxes: Box[] }
export interface SectionLayout { height: number; days: DayGroup[] }

export const GAP = 4;
export const DAY_HEADER = 36;

export function aspect(t: Tile): number {
  return t.width && t.height ? Math.min(Math.max(t.width / t.height, 0.4), 3) : 1;
}

/** Lays out one day's tiles from y = top; returns the boxes and the height used. */
export function justify(tiles: Tile[], width: number, rowHeight: number, top: number): { boxes: Box[]; height: number } {
  const boxes: Box[] = [];
  let y = top;
  let row: Tile[] = [];
  let sum = 0;
  const flush = (last: boolean) => {
    if (row.length === 0) return;
    const gaps = GAP * (row.length - 1);
    let h = (width - gaps) / sum;
    if (last && h > rowHeight * 1.2) h = rowHeight;
    let x = 0;
    for (const t of row) {
      const w = aspect(t) * h;
      boxes.push({ tile: t, x, y, w, h });
      x += w + GAP;
    }
    y += h + GAP;
    row = [];
    sum = 0;
  };
  for (const t of tiles) {
    row.push(t);
    sum += aspect(t);
    if (sum * rowHeight + GAP * (row.length - 1) >= width) flush(false);
  }
  flush(true);
  return { boxes, height: y - top };
}

// Wall-clock times are formatted as UTC so that the viewer's own time zone never moves a photo to another day.
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const wallClockFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The day (yyyy-MM-dd) of the wall clock where it was taken, as the server groups months. */
export const localDay = (t: Tile) => t.localDateTime.slice(0, 10);

/** "31 Dec 2024, 23:30": the time on the clock where it was taken. */
export const localTimeLabel = (t: Tile) => wallClockFormat.format(new Date(`${t.localDateTime}Z`));

/** Groups a month's tiles (newest first) by the local day where they were taken, each with a header. */
export function layoutSection(tiles: Tile[], width: number, rowHeight: number): SectionLayout {
  const days: DayGroup[] = [];
  let y = 0;
  let i = 0;
  while (i < tiles.length) {
    const key = localDay(tiles[i]);
    let j = i;
    while (j < tiles.length && localDay(tiles[j]) === key) j++;
    const { boxes, height } = justify(tiles.slice(i, j), width, rowHeight, y + DAY_HEADER);
    days.push({ label: dayFormat.format(new Date(`${key}T12:00:00Z`)), y, height: DAY_HEADER + height, boxes });
    y += DAY_HEADER + height + GAP * 2;
    i = j;
  }
  return { height: y, days };
}

/** Height guess for a month not loaded yet, so the scrollbar and scrubber are right before the data arrives. */
export function estimateHeight(count: number, width: number, rowHeight: number): number {
  const perRow = Math.max(1, Math.floor(width / (rowHeight * 1.2)));
  const rows = Math.ceil(count / perRow);
  const days = Math.min(count, Math.max(1, Math.ceil(count / 12)));
  return rows * (rowHeight + GAP) + days * (DAY_HEADER + GAP * 2) * 0.6;
}
