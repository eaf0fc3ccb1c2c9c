-- Support access (issue 17, item 7): a centre's administrator lets the platform's
-- administrators act as the centre's administrator for a while (at most seven days), for a stated
-- reason; they may end it early. Without it, a platform administrator reaches only centres that
-- have no administrator yet (to set them up).
CREATE TABLE support_access (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    granted_by TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    ended_by TEXT REFERENCES users (id)
);
CREATE INDEX support_access_by_centre ON support_access (centre_id, ends_at);
