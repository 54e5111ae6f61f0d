package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/storetest"
)

// env builds a getenv from pairs.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs `voice serve` on port 0 and returns its address and a
// function that stops it (as SIGTERM would) and returns its error.
func startServe(t *testing.T, getenv func(string) string, args ...string) (string, *lockedBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	out := &lockedBuffer{}
	go func() {
		errc <- run(ctx, append([]string{"serve"}, args...), getenv, out, out, func(a string) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		return a, out, func() error { cancel(); return <-errc }
	case err := <-errc:
		cancel()
		t.Fatalf("serve did not start: %v\n%s", err, out.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("serve did not start in 60 s")
	}
	return "", nil, nil
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// A newcomer's first run: SQLite in the data folder, secrets generated with
// mode 0600, migrations applied, the URL and the next step printed; then a
// graceful stop.
func TestServeFirstRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	addr, out, stop := startServe(t, env("VOICE_DATA_DIR", dir, "VOICE_ADDR", "127.0.0.1:0", "VOICE_METRICS_ADDR", "127.0.0.1:0"))
	for _, f := range []string{"pepper", "seal.keys", "voice.db"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	for _, want := range []string{"http://" + addr + "/", "user create --email", "database migration(s)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("start-up output lacks %q:\n%s", want, out.String())
		}
	}
	if code, _ := get(t, "http://"+addr+"/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	if code, _ := get(t, "http://"+addr+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	if code, body := get(t, "http://"+addr+"/en/"); code != 200 || !strings.Contains(body, "quick-exit") {
		t.Fatalf("landing: %d", code)
	}
	if code, _ := get(t, "http://"+addr+"/metrics"); code != 404 {
		t.Fatalf("/metrics on the public listener: %d, want 404", code)
	}
	m := regexp.MustCompile(`Metrics at (http://\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no metrics address printed:\n%s", out.String())
	}
	code, metrics := get(t, m[1])
	if code != 200 || !strings.Contains(metrics, `voice_http_requests_total{method="GET",route="/:lang/",status="200"} 1`) ||
		!strings.Contains(metrics, "go_sql_open_connections") {
		t.Fatalf("metrics: %d\n%s", code, metrics)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	// The second run reuses the secrets and finds nothing to migrate.
	addr, out, stop = startServe(t, env("VOICE_DATA_DIR", dir, "VOICE_ADDR", "127.0.0.1:0"), "--migrate=false")
	if strings.Contains(out.String(), "Generated secret") || strings.Contains(out.String(), "Applied") {
		t.Errorf("second run regenerated secrets or migrated:\n%s", out.String())
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestServeRefuses(t *testing.T) {
	t.Run("ErrSchemaBehind", func(t *testing.T) {
		dir := t.TempDir()
		err := run(context.Background(), []string{"serve", "--migrate=false"}, env("VOICE_DATA_DIR", dir, "VOICE_ADDR", "127.0.0.1:0"), io.Discard, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "voice migrate") {
			t.Fatalf("want a refusal naming voice migrate, got %v", err)
		}
	})
	t.Run("ErrPostgresWithoutSecrets", func(t *testing.T) {
		err := run(context.Background(), []string{"serve"}, env("VOICE_DATABASE_URL", "postgres://nobody@127.0.0.1:1/x", "VOICE_ADDR", "127.0.0.1:0"), io.Discard, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "VOICE_PEPPER or VOICE_PEPPER_FILE is required") {
			t.Fatalf("want a refusal for missing secrets, got %v", err)
		}
	})
	t.Run("ErrPostgresSynchronousCommitOff", func(t *testing.T) {
		u := storetest.NewSchema(t, storetest.PostgresURL(t)) + "&synchronous_commit=off"
		err := run(context.Background(), []string{"serve"}, env("VOICE_DATABASE_URL", u, "VOICE_ADDR", "127.0.0.1:0",
			"VOICE_PEPPER", strings.Repeat("p", 32), "VOICE_SEAL_KEYS", "k1:"+strings.Repeat("A", 43)+"="), io.Discard, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "synchronous_commit off") {
			t.Fatalf("want a refusal naming synchronous_commit, got %v", err)
		}
	})
	t.Run("ErrBadDatabaseURL", func(t *testing.T) {
		err := run(context.Background(), []string{"serve"}, env("VOICE_DATABASE_URL", "mysql://x"), io.Discard, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "VOICE_DATABASE_URL") {
			t.Fatalf("got %v", err)
		}
	})
}

// On PostgreSQL, with secrets supplied as files, the platform starts, and
// `voice migrate` and `voice user create` work on the same database.
func TestServePostgres(t *testing.T) {
	u := storetest.NewSchema(t, storetest.PostgresURL(t))
	dir := t.TempDir()
	pepper, keys := filepath.Join(dir, "pepper"), filepath.Join(dir, "keys")
	os.WriteFile(pepper, []byte(strings.Repeat("q", 40)+"\n"), 0o600)
	os.WriteFile(keys, []byte("k1:"+strings.Repeat("B", 43)+"=\n"), 0o600)
	getenv := env("VOICE_DATABASE_URL", u, "VOICE_ADDR", "127.0.0.1:0", "VOICE_PEPPER_FILE", pepper, "VOICE_SEAL_KEYS_FILE", keys,
		"VOICE_PUBLIC_URL", "https://voice.example.org")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, getenv, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"user", "create", "--email", "Admin@Example.org", "--role", "admin,moderator"}, getenv, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`https://voice\.example\.org/staff/setup/[A-Za-z0-9]{52}`).MatchString(out.String()) {
		t.Fatalf("no sign-in link printed:\n%s", out.String())
	}
	addr, sout, stop := startServe(t, getenv, "--migrate=false")
	if !strings.Contains(sout.String(), "postgres database") {
		t.Errorf("start-up output does not name PostgreSQL:\n%s", sout.String())
	}
	if code, _ := get(t, "http://"+addr+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestUserCreate(t *testing.T) {
	dir := t.TempDir()
	getenv := env("VOICE_DATA_DIR", dir)
	var out bytes.Buffer
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"OK", []string{"--email", "a@example.org", "--role", "admin"}, "http://127.0.0.1:8080/staff/setup/"},
		{"ErrDuplicate", []string{"--email", "A@example.org", "--role", "council"}, "already exists"},
		{"ErrRole", []string{"--email", "b@example.org", "--role", "root"}, "use admin, moderator, council or cochair"},
		{"ErrEmail", []string{"--email", "not-an-address", "--role", "council"}, "not a valid address"},
		{"ErrLanguage", []string{"--email", "c@example.org", "--role", "council", "--language", "de"}, "--language"},
		{"Moderator", []string{"--email", "m@example.org", "--role", "moderator", "--languages", "es, ar"}, "moderates ar,es"},
		{"ModeratorDefault", []string{"--email", "n@example.org", "--role", "moderator", "--language", "fr"}, "moderates fr"},
		{"ErrModeratorLanguages", []string{"--email", "o@example.org", "--role", "moderator", "--languages", "es,xx"}, "--languages"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out.Reset()
			err := run(context.Background(), append([]string{"user", "create"}, tc.args...), getenv, &out, &out, nil)
			got := out.String()
			if err != nil {
				got += err.Error()
			}
			if strings.HasPrefix(tc.name, "Err") == (err == nil) || !strings.Contains(got, tc.want) {
				t.Fatalf("err %v, output:\n%s\nwant %q", err, got, tc.want)
			}
		})
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, env(), &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"VOICE_ADDR", "VOICE_DATA_DIR", "VOICE_DATABASE_URL", "VOICE_PUBLIC_URL", "VOICE_METRICS_ADDR", "VOICE_PEPPER_FILE", "VOICE_SEAL_KEYS_FILE", "--migrate"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("serve --help lacks %s", v)
		}
	}
}
