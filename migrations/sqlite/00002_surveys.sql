-- +goose Up
CREATE TABLE consultations (
    id         text PRIMARY KEY,
    slug       text NOT NULL UNIQUE,
    name       text NOT NULL,
    starts_on  text NOT NULL,
    ends_on    text NOT NULL DEFAULT '',
    languages  text NOT NULL,
    created_at datetime NOT NULL
);

CREATE TABLE surveys (
    id              text PRIMARY KEY,
    consultation_id text NOT NULL REFERENCES consultations (id),
    slug            text NOT NULL UNIQUE,
    state           text NOT NULL,
    draft           text NOT NULL,
    current_version integer NOT NULL DEFAULT 0,
    created_at      datetime NOT NULL,
    updated_at      datetime NOT NULL
);
CREATE INDEX surveys_state ON surveys (state);

CREATE TABLE survey_versions (
    survey_id    text NOT NULL REFERENCES surveys (id),
    version      integer NOT NULL,
    definition   text NOT NULL,
    published_on text NOT NULL,
    PRIMARY KEY (survey_id, version)
);

-- Respondent-side rows: random UUIDs, and a UTC day as their only time.
CREATE TABLE receipts (
    id         text PRIMARY KEY,
    lookup     text NOT NULL, -- a 24-bit bucket: Verify each row in it
    hash       text NOT NULL,
    created_on text NOT NULL
);

CREATE INDEX receipts_lookup ON receipts (lookup);

CREATE TABLE responses (
    id           text PRIMARY KEY,
    survey_id    text NOT NULL REFERENCES surveys (id),
    version      integer NOT NULL,
    receipt_id   text REFERENCES receipts (id) ON DELETE SET NULL,
    pseudonym    text NOT NULL,
    language     text NOT NULL,
    consent      text NOT NULL,
    status       text NOT NULL,
    submitted_on text NOT NULL,
    FOREIGN KEY (survey_id, version) REFERENCES survey_versions (survey_id, version)
);
CREATE INDEX responses_survey ON responses (survey_id, status);
CREATE INDEX responses_receipt ON responses (receipt_id);

CREATE TABLE answers (
    response_id text NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id text NOT NULL,
    value       text NOT NULL DEFAULT '',
    sealed      text NOT NULL DEFAULT '',
    declined    boolean NOT NULL DEFAULT 0,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE saved_drafts (
    receipt_id text PRIMARY KEY REFERENCES receipts (id) ON DELETE CASCADE,
    survey_id  text NOT NULL REFERENCES surveys (id),
    sealed     text NOT NULL,
    expires_on text NOT NULL
);
CREATE INDEX saved_drafts_expiry ON saved_drafts (expires_on);

CREATE TABLE support_contacts (
    id          text PRIMARY KEY,
    country     text NOT NULL DEFAULT '',
    language    text NOT NULL,
    name        text NOT NULL,
    contact     text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  datetime NOT NULL
);
CREATE INDEX support_contacts_language ON support_contacts (language);

-- +goose Down
DROP TABLE support_contacts;
DROP TABLE saved_drafts;
DROP TABLE answers;
DROP TABLE responses;
DROP TABLE receipts;
DROP TABLE survey_versions;
DROP TABLE surveys;
DROP TABLE consultations;
