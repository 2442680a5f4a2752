-- Drives PiVault manages (issue 15, docs/storage.md): one row per file system it has seen, by file-system UUID, so a
-- drive that is unplugged is still listed with the time it was last seen. role: hot, cold, backup or none; mount_point
-- is the /srv/pivault folder of its generated mount unit, null without a role.
CREATE TABLE drives (
    uuid        TEXT PRIMARY KEY,
    label       TEXT,
    model       TEXT,
    serial      TEXT,
    size_bytes  INTEGER NOT NULL,
    free_bytes  INTEGER,
    fs_type     TEXT,
    role        TEXT NOT NULL DEFAULT 'none' CHECK (role IN ('hot', 'cold', 'backup', 'none')),
    mount_point TEXT,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE UNIQUE INDEX drives_one_hot ON drives (role) WHERE role IN ('hot', 'cold');
