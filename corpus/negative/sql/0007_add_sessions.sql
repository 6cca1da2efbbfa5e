-- sessions store only a hash of the token
CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users(id),
    token_sha256 char(64) NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO feature_flags (id, name, enabled) VALUES
    ('7b6212be-53d8-4403-97f3-7743ecbd70da', 'new-checkout', true),
    ('160f2fac-60e0-430a-aaef-f71f8bc94815', 'fast-refunds', false);
