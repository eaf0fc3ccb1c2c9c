-- People belong to centres by consent (issue 17, item 2): a centre that adds someone who already
-- has an account invites them; the roles are theirs only once they accept. Until then the centre
-- sees nothing of them. `answer` is 'accepted' or 'declined', NULL while it waits.
CREATE TABLE centre_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    centre_id TEXT NOT NULL REFERENCES centres (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    roles TEXT NOT NULL,
    invited_by TEXT NOT NULL REFERENCES users (id),
    invited_at TIMESTAMP NOT NULL,
    answer TEXT,
    answered_at TIMESTAMP
);
CREATE INDEX centre_invitations_person ON centre_invitations (user_id, answer);
