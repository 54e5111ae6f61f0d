package bench

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/i18n"
)

func TestSurveyPublishable(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := Survey()
	if err := publishable(d, cat); err != nil {
		t.Fatal(err)
	}
	if n := len(d.Sections); n != 3 {
		t.Fatalf("%d sections, want 3", n)
	}
	var answered int
	for _, f := range pageForms(d) {
		answered += len(f)
	}
	as, err := storedAnswers(d, func(text, qid string) (string, error) { return "sealed:" + qid, nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != answered || answered < 8 {
		t.Fatalf("%d answers stored for %d answered questions, want the same and at least 8", len(as), answered)
	}
}

func TestRefusesOtherDatabases(t *testing.T) {
	for _, u := range []string{"", "sqlite:data/voice.db", "data/voice.db", "mysql://x"} {
		if _, err := Run(context.Background(), Options{DatabaseURL: u}); !errors.Is(err, ErrNotPostgres) {
			t.Errorf("%q: %v, want ErrNotPostgres", u, err)
		}
	}
}

// TestRun runs a short bench; it checks that every figure was measured, not
// how fast anything is.
func TestRun(t *testing.T) {
	var base string
	for _, k := range []string{"VOICE_TEST_DATABASE_URL", "VOICE_TEST_POSTGRES_URL"} {
		if base = os.Getenv(k); base != "" {
			break
		}
	}
	if base == "" {
		t.Skip("PostgreSQL test: set VOICE_TEST_DATABASE_URL=postgres://… to run it")
	}
	res, err := Run(context.Background(), Options{DatabaseURL: base, Duration: time.Second, Concurrency: []int{2}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Submissions) != 1 {
		t.Fatalf("%d submission rows, want 1", len(res.Submissions))
	}
	s := res.Submissions[0]
	if s.HTTP.Ops == 0 || s.DB.Ops == 0 || s.HTTP.Errors > 0 || s.DB.Errors > 0 {
		t.Fatalf("submissions: HTTP %+v, database %+v", s.HTTP, s.DB)
	}
	if len(res.Pages) != 3 {
		t.Fatalf("%d page rows, want 3", len(res.Pages))
	}
	for _, p := range res.Pages {
		if p.Ops == 0 || p.Errors > 0 {
			t.Fatalf("%s: %+v", p.Name, p.Measure)
		}
	}
	for _, w := range res.Weights {
		if w.HTML == 0 || w.CSS == 0 {
			t.Fatalf("page weight %+v", w)
		}
	}
	if res.RSSMax == 0 && res.RSSIdle != 0 {
		t.Fatal("RSS was not sampled under load")
	}
	var out bytes.Buffer
	res.Print(&out)
	for _, row := range []string{"through HTTP", "straight to PostgreSQL", "HTTP / database", "/healthz", "(introduction)",
		"(section)", "HTML + CSS", "RSS max under load", "Targets"} {
		if !strings.Contains(out.String(), row) {
			t.Errorf("no %q row in the output:\n%s", row, out.String())
		}
	}
	t.Log("\n" + out.String())
}
