// The off-site remote kinds and their fields (rclone's option names; docs/offsite-backup.md), shared by the admin's
// "Add a remote" form and the setup wizard's restore.
export type OffsiteField = { key: string; label: string; secret?: boolean; required?: boolean; multiline?: boolean; placeholder?: string; help?: string };
export const offsiteKinds: Record<string, { label: string; fields: OffsiteField[] }> = {
  s3: { label: 'S3-compatible (AWS, Backblaze B2 S3 API, MinIO, Wasabi…)', fields: [
    { key: 'endpoint', label: 'Endpoint URL', placeholder: 'https://s3.eu-central-003.backblazeb2.com', help: 'Leave empty for Amazon S3.' },
    { key: 'region', label: 'Region', placeholder: 'eu-central-1' },
    { key: 'access_key_id', label: 'Access key ID', required: true },
    { key: 'secret_access_key', label: 'Secret access key', secret: true, required: true },
    { key: 'bucket', label: 'Bucket', required: true },
    { key: 'path', label: 'Folder in the bucket', placeholder: 'pivault' },
  ] },
  b2: { label: 'Backblaze B2', fields: [
    { key: 'account', label: 'Key ID (account)', required: true },
    { key: 'key', label: 'Application key', secret: true, required: true },
    { key: 'bucket', label: 'Bucket', required: true },
    { key: 'path', label: 'Folder in the bucket', placeholder: 'pivault' },
  ] },
  sftp: { label: 'SFTP (another computer, a NAS, a friend’s server)', fields: [
    { key: 'host', label: 'Host', required: true, placeholder: 'backup.example.net' },
    { key: 'port', label: 'Port', placeholder: '22' },
    { key: 'user', label: 'User', required: true },
    { key: 'pass', label: 'Password', secret: true, help: 'A password or a private key.' },
    { key: 'key_pem', label: 'Private key (PEM)', secret: true, multiline: true },
    { key: 'path', label: 'Folder on the server', placeholder: '/backups/pivault' },
    { key: 'known_hosts_file', label: 'known_hosts file on this box', help: 'Only instead of confirming the server’s key below.' },
  ] },
  webdav: { label: 'WebDAV (Nextcloud, ownCloud…)', fields: [
    { key: 'url', label: 'URL', required: true, placeholder: 'https://cloud.example.net/remote.php/dav/files/me' },
    { key: 'vendor', label: 'Vendor', placeholder: 'nextcloud' },
    { key: 'user', label: 'User' },
    { key: 'pass', label: 'Password', secret: true },
    { key: 'path', label: 'Folder', placeholder: 'pivault' },
  ] },
};


/** The kind's settings (secret = false) or secrets (secret = true) that were filled in. */
export const pickOffsiteValues = (kind: string, values: Record<string, string>, secret: boolean): Record<string, string> =>
  Object.fromEntries(offsiteKinds[kind].fields.filter((f) => !!f.secret === secret && (values[f.key] ?? '').trim() !== '').map((f) => [f.key, values[f.key]]));
