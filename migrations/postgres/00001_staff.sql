-- +goose Up
CREATE TABLE staff_users (
    id             text PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    roles          text NOT NULL,
    password_hash  text NOT NULL DEFAULT '',
    totp_secret    text NOT NULL DEFAULT '',
    totp_last_step bigint NOT NULL DEFAULT 0,
    language       text NOT NULL DEFAULT 'en',
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE signin_links (
    token_hash text PRIMARY KEY,
    user_id    text NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX signin_links_user ON signin_links (user_id);

CREATE TABLE staff_sessions (
    id_hash      text PRIMARY KEY,
    user_id      text NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE signin_throttle (
    key             text PRIMARY KEY,
    failures        integer NOT NULL DEFAULT 0,
    window_start    timestamptz NOT NULL,
    next_allowed_at timestamptz NOT NULL
);

CREATE TABLE audit_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_id     text,
    actor_email  text NOT NULL DEFAULT '',
    action       text NOT NULL,
    target_id    text,
    target_email text NOT NULL DEFAULT '',
    detail       text NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE signin_throttle;
DROP TABLE staff_sessions;
DROP TABLE signin_links;
DROP TABLE staff_users;
