-- +goose Up
CREATE TABLE channels (
    id              text PRIMARY KEY,
    consultation_id text NOT NULL REFERENCES consultations (id),
    slug            text NOT NULL UNIQUE,
    title           text NOT NULL, -- JSON model.Text
    description     text NOT NULL, -- JSON model.Text
    languages       text NOT NULL, -- JSON []string: offered and moderated in
    open            boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL
);

-- Respondent-side rows: random UUIDs, and a UTC day as their only time. seq
-- orders the messages of one thread only; nothing orders threads in a day.
CREATE TABLE channel_messages (
    id               text PRIMARY KEY, -- the submission id from the sealed form token
    channel_id       text NOT NULL REFERENCES channels (id),
    thread_id        text NOT NULL,    -- the id of the thread's first message
    seq              integer NOT NULL, -- 1, 2, … within the thread
    receipt_id       text REFERENCES receipts (id) ON DELETE SET NULL,
    pseudonym        text NOT NULL,
    language         text NOT NULL,
    consent          text NOT NULL,
    sealed           text NOT NULL,    -- AEAD, AAD "channel_messages.sealed\x00" + id
    author           text NOT NULL CHECK (author IN ('respondent', 'moderator')),
    moderation_state text NOT NULL DEFAULT 'pending',
    submitted_on     text NOT NULL,
    UNIQUE (thread_id, seq)
);
CREATE INDEX channel_messages_receipt ON channel_messages (receipt_id);
CREATE INDEX channel_messages_queue ON channel_messages (channel_id, moderation_state);

-- +goose Down
DROP TABLE channel_messages;
DROP TABLE channels;
