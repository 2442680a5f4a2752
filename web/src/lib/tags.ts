// Tags and the star rating of one of the caller's photos (docs/tags.md): the calls the viewer's info panel makes.
// The caller's tags and tagging go through /api/v1/tags; a photo's own tags are read from /api/assets/{id}, its rating
// from /api/v1/assets/{id}/metadata and set through the asset edit API (PUT /api/assets/{id}, docs/metadata-edits.md).
import { api, ApiError } from './api';

/** One of the caller's tags: value is the whole path ("Trips/Alps"), name its last part. */
export interface Tag { id: string; value: string; name: string; parentId: string | null; color: string | null; assetCount?: number | null }
/** What the info panel shows: the photo's tags and its rating (0 or null: none; -1: rejected). */
export interface PhotoTags { tags: Tag[]; rating: number | null }

/** A call to the asset edit API (/api, not /api/v1), with the session cookie like every other call. */
async function assetEdit<T>(id: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/assets/${id}`, {
    method: body === undefined ? 'GET' : 'PUT',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).message ?? detail; } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return (await response.json()) as T;
}

type EditedAsset = { tags?: Tag[] };
/** The rating as the metadata holds it (404 until the metadata step has read the photo: no rating yet). */
const ratingOf = (assetId: string) => api<{ rating: number | null }>(`/assets/${assetId}/metadata`).then((m) => m.rating ?? null, () => null);

/** The caller's tags, for the suggestions. */
export const listTags = () => api<Tag[]>('/tags');
export async function tagsOf(assetId: string): Promise<PhotoTags> {
  const [asset, rating] = await Promise.all([assetEdit<EditedAsset>(assetId), ratingOf(assetId)]);
  return { tags: (asset.tags ?? []).slice().sort((x, y) => x.value.localeCompare(y.value)), rating };
}
/** Puts a tag on the photo by its value, creating it (and its parents, "Trips/Alps") when the caller has none by that value. */
export async function addTag(assetId: string, value: string): Promise<Tag> {
  const [tag] = await api<Tag[]>('/tags', { method: 'PUT', body: { tags: [value] } });
  await api('/tags/assets', { method: 'PUT', body: { tagIds: [tag.id], assetIds: [assetId] } });
  return tag;
}
/** Takes the tag off the photo; the tag stays. */
export const removeTag = (assetId: string, tagId: string) => api(`/tags/${tagId}/assets`, { method: 'DELETE', body: { assetIds: [assetId] } });
/** 1–5 stars; null clears the rating. Answers the rating the photo has now, read back from its metadata. */
export async function setRating(assetId: string, rating: number | null): Promise<number | null> {
  await assetEdit<EditedAsset>(assetId, { rating });
  return ratingOf(assetId);
}

// The tag page (docs/tags.md "Web app"): rename, recolour, delete, and tagging a selection from the grid.
/** A new last part of the value; the tags under it follow. */
export const renameTag = (id: string, name: string) => api<Tag>(`/tags/${id}`, { method: 'PUT', body: { name } });
/** "#rrggbb", or "" to clear it. */
export const recolourTag = (id: string, color: string) => api<Tag>(`/tags/${id}`, { method: 'PUT', body: { color } });
/** Deletes the tag and every tag under it; the photos stay. */
export const deleteTag = (id: string) => api(`/tags/${id}`, { method: 'DELETE' });
/** Puts the tag named by its value (made when new, with its parents) on every one of the photos (all or nothing). */
export async function tagPhotos(value: string, assetIds: string[]): Promise<Tag> {
  const [tag] = await api<Tag[]>('/tags', { method: 'PUT', body: { tags: [value] } });
  await api('/tags/assets', { method: 'PUT', body: { tagIds: [tag.id], assetIds } });
  return tag;
}
/** How deep a tag sits in the tree: "Trips/Alps" is 1. */
export const depthOf = (tag: Tag) => tag.value.split('/').length - 1;
