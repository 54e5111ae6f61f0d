package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/jobs/smtptest"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

// With VOICE_SMTP_* set, `voice serve` runs the moderators' notice and the
// drafts purge as background jobs: a moderator with an item waiting in
// their language gets the count-only email.
func TestServeSendsNotice(t *testing.T) {
	u := storetest.URL(t)
	st := storetest.OpenURL(t, u, nil)
	ctx := context.Background()
	mod, _, err := st.CreateStaff(ctx, nil, "mod@example.org", model.Roles{model.RoleModerator}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetModeratorLanguages(ctx, nil, mod.ID, model.Languages{"es"}); err != nil {
		t.Fatal(err)
	}
	c := &model.Consultation{Slug: "c1", Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{"es"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: "talk", Title: model.Text{"es": "Hablar"}, Languages: []string{"es"}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PostMessage(ctx, &store.ChannelPost{ID: uuid.NewString(), ChannelID: ch.ID, Language: "es", Sealed: "PLANTED"}); err != nil {
		t.Fatal(err)
	}

	srv := smtptest.Start(t, smtptest.Options{})
	_, _, stop := startServe(t, env("VOICE_DATABASE_URL", u, "VOICE_DATA_DIR", t.TempDir(), "VOICE_ADDR", "127.0.0.1:0",
		"VOICE_PEPPER", strings.Repeat("p", 32), "VOICE_SEAL_KEYS", "k1:"+strings.Repeat("A", 43)+"=",
		"VOICE_PUBLIC_URL", "https://voice.example.org", "VOICE_SMTP_ADDR", srv.Addr, "VOICE_SMTP_FROM", "noreply@example.org"))
	deadline := time.Now().Add(30 * time.Second)
	for {
		leases, err := st.JobLeases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, l := range leases {
			if l.LastOK != nil {
				done++
			}
		}
		if len(srv.Messages()) > 0 && done == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s: %d emails, job leases %+v", len(srv.Messages()), leases)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "mod@example.org" {
		t.Fatalf("emails: %+v", msgs)
	}
	if !strings.Contains(msgs[0].Data, "https://voice.example.org/staff/moderation") || strings.Contains(msgs[0].Data, "PLANTED") {
		t.Fatalf("email:\n%s", msgs[0].Data)
	}
}

func TestServeRefusesIncompleteSMTP(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, env("VOICE_DATA_DIR", t.TempDir(), "VOICE_ADDR", "127.0.0.1:0",
		"VOICE_SMTP_ADDR", "smtp.example.org:587"), io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "VOICE_SMTP_FROM") {
		t.Fatalf("got %v, want an error naming VOICE_SMTP_FROM", err)
	}
}

func TestHelloName(t *testing.T) {
	for in, want := range map[string]string{
		"https://voice.example.org":      "voice.example.org",
		"http://localhost:8080":          "localhost",
		"http://127.0.0.1:8080":          "[127.0.0.1]",
		"http://[::1]:8080":              "[IPv6:::1]",
		"":                               "localhost",
		"https://voice.example.org/base": "voice.example.org",
	} {
		if got := helloName(in); got != want {
			t.Errorf("helloName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHelpListsSMTP(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"serve", "--help"}, env(), &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"VOICE_SMTP_ADDR", "VOICE_SMTP_FROM", "VOICE_SMTP_USERNAME", "VOICE_SMTP_PASSWORD_FILE", "VOICE_NOTICE_EVERY"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("serve --help lacks %s", v)
		}
	}
}
