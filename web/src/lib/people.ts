// People (faces grouped by the people step) and the faces on one photo: the calls the people row, the person page and
// the viewer's face boxes make.
import { api } from './api';

/** A person of the caller's; photos counts their photos not in the trash. An empty name: not named yet. */
export interface Person {
  id: string; name: string; birthDate: string | null; isHidden: boolean; isFavorite: boolean; color: string | null;
  coverFaceId: string | null; photos: number; faces: number; updatedAt: string;
}
/** A face on a photo: the box in pixels of an imageWidth × imageHeight picture (the preview), and its person if any. */
export interface Face {
  id: string; assetId: string; imageWidth: number; imageHeight: number; x1: number; y1: number; x2: number; y2: number;
  source: string; personId: string | null; personName: string | null; age: number | null;
}

export const personThumbUrl = (p: Pick<Person, 'id' | 'updatedAt'>) => `/api/v1/people/${p.id}/thumbnail?v=${encodeURIComponent(p.updatedAt)}`;
export const personPath = (id: string) => `/people/${id}`;

/** The caller's visible people: named ones, and unnamed ones with enough faces, favourites and the most photographed first. */
export async function listPeople(): Promise<Person[]> {
  return (await api<{ people: Person[] }>('/people?size=500')).people;
}

export const getPerson = (id: string) => api<Person>(`/people/${id}`);
/** Changes the fields given; birthDate '' clears the birthday. */
export const updatePerson = (id: string, change: { name?: string; isHidden?: boolean; isFavorite?: boolean; birthDate?: string; coverAssetId?: string }) =>
  api<Person>(`/people/${id}`, { method: 'PUT', body: change });
export const createPerson = (name: string) => api<Person>('/people', { method: 'POST', body: { name } });
/** Moves the faces of `others` to `id`; the others are deleted. */
export const mergePeople = (id: string, others: string[]) => api(`/people/${id}/merge`, { method: 'POST', body: { ids: others } });
/** Other people for "Is this the same person?", those whose faces look most like this person's first. */
export const mergeSuggestions = (id: string) => api<{ person: Person; distance: number | null; likely: boolean }[]>(`/people/${id}/merge-suggestions`);
export const facesOf = (assetId: string) => api<Face[]>(`/assets/${assetId}/faces`);
/** Puts a face with one of the caller's people (a detected face tagged by hand, or moved to someone else). */
export const setFacePerson = (faceId: string, personId: string) => api<Person>(`/faces/${faceId}`, { method: 'PUT', body: { personId } });
/** A box drawn by hand, in pixels of an imageWidth × imageHeight picture (the preview as shown). */
export interface DrawnBox { x: number; y: number; width: number; height: number; imageWidth: number; imageHeight: number }
/** Adds a face drawn by hand on one of the caller's photos, as one of their people. */
export const tagFace = (assetId: string, box: DrawnBox, personId: string) =>
  api<Face>(`/assets/${assetId}/faces`, { method: 'POST', body: { ...box, personId } });
/** Takes a face away from its person (the face stays, unassigned). */
export const unassignFace = (faceId: string) => api(`/faces/${faceId}/person`, { method: 'DELETE' });
/** Deletes a face: a wrong detection or a box drawn by mistake. */
export const deleteFace = (faceId: string) => api(`/faces/${faceId}`, { method: 'DELETE' });
/** Makes this photo's face of the person their cover. */
export const setCover = (personId: string, assetId: string) => updatePerson(personId, { coverAssetId: assetId });
