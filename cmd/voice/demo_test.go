package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/storetest"
)

// A newcomer runs `voice demo` on a fresh data folder (or, under
// VOICE_TEST_DATABASE_URL, a fresh PostgreSQL schema), is told where to
// look, finds the survey there, and a second run adds nothing.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	kv := []string{"VOICE_DATA_DIR", dir, "VOICE_ADDR", "127.0.0.1:0"}
	dbURL := "sqlite:" + filepath.Join(dir, "voice.db")
	postgres := os.Getenv("VOICE_TEST_DATABASE_URL") != ""
	if postgres {
		dbURL = storetest.URL(t)
		kv = append(kv, "VOICE_DATABASE_URL", dbURL,
			"VOICE_PEPPER", strings.Repeat("p", 32), "VOICE_SEAL_KEYS", "k1:"+strings.Repeat("A", 43)+"=")
	}
	getenv := env(kv...)
	ctx := context.Background()

	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--responses", "20"}, getenv, &out, &out, nil); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	want := []string{"priority-one-2025", "20 synthetic responses", "en es fr pt ar ru zh",
		"/en/s/priority-one", "/staff/", "user create --email"}
	if !postgres {
		want = append(want, "Generated secret", "database migration(s)")
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}

	st := storetest.OpenURL(t, dbURL, nil)
	sv, err := st.SurveyBySlug(ctx, "priority-one")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.CountResponses(ctx, sv.ID); err != nil || n != 20 {
		t.Fatalf("%d responses, %v; want 20", n, err)
	}

	out.Reset()
	if err := run(ctx, []string{"demo", "--responses", "20", "--seed", "2"}, getenv, &out, &out, nil); err != nil {
		t.Fatalf("second demo: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Nothing was added") || !strings.Contains(out.String(), "20 responses") {
		t.Errorf("second run output:\n%s", out.String())
	}
	if n, _ := st.CountResponses(ctx, sv.ID); n != 20 {
		t.Fatalf("%d responses after a second run, want 20", n)
	}

	// The platform shows the survey in every language.
	addr, _, stop := startServe(t, getenv, "--migrate=false")
	for lang, title := range map[string]string{"en": "Priority one: survivor engagement 2025", "ar": "الأولوية الأولى", "zh": "幸存者参与"} {
		if code, body := get(t, "http://"+addr+"/"+lang+"/s/priority-one"); code != 200 || !strings.Contains(body, title) {
			t.Errorf("/%s/s/priority-one: %d, title %q shown: %v", lang, code, title, strings.Contains(body, title))
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestDemoUsage(t *testing.T) {
	for _, args := range [][]string{{"--responses", "-1"}, {"--responses", "many"}, {"extra"}} {
		err := run(context.Background(), append([]string{"demo"}, args...), env("VOICE_DATA_DIR", t.TempDir()), io.Discard, io.Discard, nil)
		if !errors.Is(err, errUsage) {
			t.Errorf("demo %v: %v, want a usage error", args, err)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--help"}, env(), &out, &out, nil); err != nil || !strings.Contains(out.String(), "--seed") {
		t.Errorf("demo --help: %v\n%s", err, out.String())
	}
}
