// Package storetest opens a fresh, migrated database for each test: a new
// SQLite file by default, or a new PostgreSQL schema when
// VOICE_TEST_DATABASE_URL is set, so the same tests run on both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for schema set-up

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// PostgresURL returns the PostgreSQL server tests may use:
// VOICE_TEST_DATABASE_URL, else VOICE_TEST_POSTGRES_URL (which CI sets in
// the SQLite pass too, for PostgreSQL-only tests). Without either the test
// is skipped, except under CI=true, where a skipped PostgreSQL test fails.
func PostgresURL(t testing.TB) string {
	t.Helper()
	for _, k := range []string{"VOICE_TEST_DATABASE_URL", "VOICE_TEST_POSTGRES_URL"} {
		if u := os.Getenv(k); u != "" {
			return u
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but neither VOICE_TEST_DATABASE_URL nor VOICE_TEST_POSTGRES_URL is set: PostgreSQL tests must run in CI")
	}
	t.Skip("PostgreSQL test: set VOICE_TEST_DATABASE_URL=postgres://… to run it")
	return ""
}

// URL returns a database URL for a fresh, empty database of this test:
// a new SQLite file, or a new PostgreSQL schema dropped at the end.
func URL(t testing.TB) string {
	t.Helper()
	if os.Getenv("VOICE_TEST_DATABASE_URL") == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "voice.db")
	}
	return NewSchema(t, PostgresURL(t))
}

// NewSchema creates a uniquely named schema on the server at base and returns
// a URL whose search_path is that schema. The schema is dropped at cleanup.
func NewSchema(t testing.TB, base string) string {
	t.Helper()
	name := "t_" + strings.ToLower(rand.Text())
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a migrated store on a fresh database, closed at cleanup.
func Open(t testing.TB, clock model.Clock) *store.Store {
	t.Helper()
	return OpenURL(t, URL(t), clock)
}

// OpenFixed is Open with a fixed clock at 2026-05-01 12:00 UTC, which the
// test moves by hand.
func OpenFixed(t testing.TB) (*store.Store, *model.FixedClock) {
	clock := model.NewFixedClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	return Open(t, clock), clock
}

// OpenURL returns a migrated store on the database at rawURL.
func OpenURL(t testing.TB, rawURL string, clock model.Clock) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), rawURL, store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// Dump returns the raw bytes a database holds for the store at rawURL: the
// SQLite file with its write-ahead log, or pg_dump's output of the schema.
// Privacy tests search it for what must never be stored.
func Dump(t testing.TB, rawURL string) []byte {
	t.Helper()
	if path, ok := strings.CutPrefix(rawURL, "sqlite:"); ok {
		var out []byte
		for _, p := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			out = append(out, b...)
		}
		return out
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	cmd := exec.Command("pg_dump", "--no-owner", "--schema="+schema, "--dbname="+u.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	return out
}
