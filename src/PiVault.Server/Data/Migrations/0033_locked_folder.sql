-- The locked folder (Immich's visibility 'locked'): a PIN per user, hashed like passwords (PasswordHasher), and how
-- long each session stays unlocked after the PIN was given (NULL = locked).
ALTER TABLE users ADD COLUMN pin_code_hash TEXT;
ALTER TABLE sessions ADD COLUMN unlocked_until INTEGER;
