// API-key permissions (Immich's names, listed by the server) grouped for the picker by what they act on.
export interface PermissionGroup { label: string; permissions: string[] }

const groupOf: Record<string, string> = {
  asset: 'Photos and videos', timeline: 'Timeline', album: 'Albums', albumAsset: 'Albums', sharedLink: 'Share links',
  trash: 'Trash', duplicate: 'Duplicates', user: 'Your account', apiKey: 'API keys', server: 'Server', adminUser: 'Administration',
  job: 'Administration', systemConfig: 'Administration', library: 'Administration', partner: 'Partner sharing', tag: 'Tags', folder: 'Photos and videos',
};

/** Groups the names (all but "all") by their part before the dot, in the order above; unknown parts get their own group. */
export function groupPermissions(names: string[]): PermissionGroup[] {
  const groups = new Map<string, string[]>();
  for (const label of Object.values(groupOf)) groups.set(label, []);
  for (const name of names.filter((n) => n !== 'all')) {
    const prefix = name.split('.')[0];
    const label = groupOf[prefix] ?? prefix;
    groups.set(label, [...(groups.get(label) ?? []), name]);
  }
  return [...groups].filter(([, p]) => p.length > 0).map(([label, permissions]) => ({ label, permissions }));
}

export const permissionSummary = (permissions: string[]) => (permissions.includes('all') ? 'All' : permissions.join(', '));
