package store_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/glebarez/go-sqlite" // database/sql driver "sqlite", to write rows of an older schema

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

// Migration 4 gives every channel message and free-text answer already
// stored a pending moderation item, with a random UUID, in its language.
func TestMigrationQueuesExistingText(t *testing.T) {
	ctx := context.Background()
	u := storetest.URL(t)
	st, err := store.Open(ctx, u, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	dialect, dsn, err := store.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	driver := "pgx"
	if dialect == store.SQLite {
		driver, dsn = "sqlite", "file:"+dsn+"?_pragma=foreign_keys(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	msg, resp := uuid.NewString(), uuid.NewString()
	for _, q := range []string{
		`INSERT INTO consultations (id, slug, name, starts_on, languages, created_at) VALUES ('c1', 'c1', '{}', '2026-01-01', '["es"]', CURRENT_TIMESTAMP)`,
		`INSERT INTO channels (id, consultation_id, slug, title, description, languages, created_at) VALUES ('ch1', 'c1', 'talk', '{}', '{}', '["es"]', CURRENT_TIMESTAMP)`,
		`INSERT INTO channel_messages (id, channel_id, thread_id, seq, pseudonym, language, consent, sealed, author, submitted_on)
			VALUES ('` + msg + `', 'ch1', '` + msg + `', 1, 'p', 'es', 'aggregate', 'sealed', 'respondent', '2026-01-02')`,
		`INSERT INTO channel_messages (id, channel_id, thread_id, seq, pseudonym, language, consent, sealed, author, moderation_state, submitted_on)
			VALUES ('` + uuid.NewString() + `', 'ch1', '` + msg + `', 2, 'p', 'es', 'aggregate', 'reply', 'moderator', 'approved', '2026-01-02')`,
		`INSERT INTO surveys (id, consultation_id, slug, state, draft, created_at, updated_at) VALUES ('s1', 'c1', 's1', 'open', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
		`INSERT INTO survey_versions (survey_id, version, definition, published_on) VALUES ('s1', 1, '{}', '2026-01-01')`,
		`INSERT INTO responses (id, survey_id, version, pseudonym, language, consent, status, submitted_on) VALUES ('` + resp + `', 's1', 1, 'p', 'ar', 'quote', 'submitted', '2026-01-03')`,
		`INSERT INTO answers (response_id, question_id, value, sealed) VALUES ('` + resp + `', 'q1', '', 'sealed text'), ('` + resp + `', 'q2', 'yes', '')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	es, err := st.ModerationQueue(ctx, store.QueueQuery{AllLanguages: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 {
		t.Fatalf("%d pending items after the migration, want the message and the free-text answer", len(es))
	}
	for _, it := range es {
		if _, err := uuid.Parse(it.ID); err != nil {
			t.Errorf("item id %q is not a UUID", it.ID)
		}
		switch it.Source {
		case store.SourceMessage:
			if it.MessageID != msg || it.Language != "es" || it.GroupKey != store.ChannelGroup("ch1") || it.SubmittedOn != "2026-01-02" || it.Sealed != "sealed" {
				t.Errorf("message item %+v", it)
			}
		case store.SourceAnswer:
			if it.ResponseID != resp || it.QuestionID != "q1" || it.Language != "ar" || it.GroupKey != store.QuestionGroup("s1", "q1") || it.Consent != "quote" {
				t.Errorf("answer item %+v", it)
			}
		}
	}
}
