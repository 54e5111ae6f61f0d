-- +goose Up
-- The languages a moderator works in, comma-separated ISO codes.
ALTER TABLE staff_users ADD COLUMN languages text NOT NULL DEFAULT '';

-- The moderation item an audit line is about, for the item's history.
ALTER TABLE audit_events ADD COLUMN item_id text;
CREATE INDEX audit_events_item ON audit_events (item_id);

-- One row per piece of respondent free text that waits for, or went through,
-- moderation: a channel message, or one free-text answer of a survey
-- response. The text itself stays sealed in its own row; masks are spans
-- over it, and masked is the sealed masked text everyone downstream reads.
-- Respondent-side: a random UUID and a UTC day, nothing finer.
CREATE TABLE moderation_items (
    id           text PRIMARY KEY,
    source       text NOT NULL CHECK (source IN ('message', 'answer')),
    message_id   text UNIQUE REFERENCES channel_messages (id) ON DELETE CASCADE,
    response_id  text,
    question_id  text,
    group_key    text NOT NULL,            -- 'channel:' || channel id, or 'question:' || survey id || ':' || question id
    language     text NOT NULL,
    state        text NOT NULL DEFAULT 'pending',
    reason       text NOT NULL DEFAULT '', -- why it was rejected
    version      integer NOT NULL DEFAULT 1,
    masks        text NOT NULL DEFAULT '', -- JSON [{"kind","start","end"}]; '' until a moderator saves
    masked       text NOT NULL DEFAULT '', -- AEAD, AAD "moderation_items.masked\x00" + id; set on approval
    submitted_on text NOT NULL,
    UNIQUE (response_id, question_id),
    FOREIGN KEY (response_id, question_id) REFERENCES answers (response_id, question_id) ON DELETE CASCADE
);
CREATE INDEX moderation_items_queue ON moderation_items (state, language, submitted_on);

INSERT INTO moderation_items (id, source, message_id, group_key, language, state, submitted_on)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 'message', id, 'channel:' || channel_id, language, moderation_state, submitted_on
FROM channel_messages WHERE author = 'respondent' AND moderation_state <> 'withdrawn';

INSERT INTO moderation_items (id, source, response_id, question_id, group_key, language, submitted_on)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 'answer', a.response_id, a.question_id, 'question:' || r.survey_id || ':' || a.question_id, r.language, r.submitted_on
FROM answers a JOIN responses r ON r.id = a.response_id WHERE a.sealed <> '';

-- Terms moderators keep for the masking detectors: names of places,
-- employers, people. Sealed, since the list itself is sensitive.
CREATE TABLE mask_terms (
    id         text PRIMARY KEY,
    sealed     text NOT NULL, -- AEAD, AAD "mask_terms.sealed\x00" + id
    created_at datetime NOT NULL
);

-- Periodic background jobs: one row per job, claimed by moving next_run
-- forward, so that one server of many runs each turn.
CREATE TABLE job_leases (
    name     text PRIMARY KEY,
    next_run datetime NOT NULL,
    last_ok  datetime
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE mask_terms;
DROP TABLE moderation_items;
DROP INDEX audit_events_item;
ALTER TABLE audit_events DROP COLUMN item_id;
ALTER TABLE staff_users DROP COLUMN languages;
