package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/jobs"
	"github.com/survivorvoice/voice/internal/jobs/smtptest"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// planted is respondent text and a pseudonym stored in the database: the
// notice must never carry either.
const (
	plantedText      = "PLANTED-MESSAGE-my employer keeps my passport"
	plantedPseudonym = "PLANTED-PSEUDONYM-blue-heron"
)

type noticeFixture struct {
	t     *testing.T
	st    *store.Store
	clock *model.FixedClock
	cat   *i18n.Catalog
	srv   *smtptest.Server
	job   jobs.Job
	ch    string // channel id
}

func newNoticeFixture(t *testing.T) *noticeFixture {
	st, clock := newStore(t)
	cat, err := i18n.Load(i18n.OnMissing(func(lang, id string) { t.Errorf("message %s missing in %s", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t, smtptest.Options{})
	notice := jobs.NewNotice(st, cat, &jobs.SMTP{Addr: srv.Addr, From: "Survivor Voice <noreply@example.org>"}, "https://voice.example.org/")
	ctx := context.Background()
	c := &model.Consultation{Slug: "c1", Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{"en", "es", "fr", "ru"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: "talk", Title: model.Text{"en": "Talk"}, Languages: []string{"en", "es", "fr", "ru"}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	return &noticeFixture{t: t, st: st, clock: clock, cat: cat, srv: srv, job: notice.Job(time.Hour), ch: ch.ID}
}

// post stores a respondent's channel message in lang: one pending item.
func (f *noticeFixture) post(lang string) {
	f.t.Helper()
	p := &store.ChannelPost{ID: uuid.NewString(), ChannelID: f.ch, Receipt: &store.NewReceipt{Lookup: uuid.NewString()[:6], Hash: "h"},
		Pseudonym: plantedPseudonym, Language: lang, Sealed: plantedText}
	if _, err := f.st.PostMessage(context.Background(), p); err != nil {
		f.t.Fatal(err)
	}
}

func (f *noticeFixture) staff(email, uiLang string, langs model.Languages, roles ...model.Role) *model.StaffUser {
	f.t.Helper()
	ctx := context.Background()
	u, _, err := f.st.CreateStaff(ctx, nil, email, roles, uiLang)
	if err != nil {
		f.t.Fatal(err)
	}
	if langs != nil {
		if err := f.st.SetModeratorLanguages(ctx, nil, u.ID, langs); err != nil {
			f.t.Fatal(err)
		}
	}
	return u
}

// turn runs the notice's next turn and returns the messages it sent.
func (f *noticeFixture) turn() ([]smtptest.Message, error) {
	f.t.Helper()
	before := len(f.srv.Messages())
	log, _ := newLog()
	ran, err := jobs.Turn(context.Background(), f.st, log, f.job)
	if !ran {
		f.t.Fatal("the notice did not run at its turn")
	}
	f.clock.Advance(f.job.Every)
	return f.srv.Messages()[before:], err
}

// byRecipient indexes messages by their one recipient.
func byRecipient(t *testing.T, msgs []smtptest.Message) map[string]parsed {
	t.Helper()
	out := map[string]parsed{}
	for _, m := range msgs {
		if len(m.To) != 1 {
			t.Fatalf("a notice to %d recipients", len(m.To))
		}
		if _, dup := out[m.To[0]]; dup {
			t.Fatalf("two notices to %s in one turn", m.To[0])
		}
		if strings.Contains(m.Data, "PLANTED") {
			t.Fatalf("the notice carries stored respondent data:\n%s", m.Data)
		}
		p := parse(t, m)
		if strings.Contains(p.Body+p.Subject, "PLANTED") {
			t.Fatalf("the notice carries stored respondent data:\n%s", p.Body)
		}
		out[m.To[0]] = p
	}
	return out
}

func TestNotice(t *testing.T) {
	f := newNoticeFixture(t)
	ctx := context.Background()
	f.staff("es-fr@example.org", "es", model.Languages{"es", "fr"}, model.RoleModerator)
	f.staff("ru@example.org", "ru", model.Languages{"ru"}, model.RoleModerator, model.RoleCouncil)
	f.staff("ar@example.org", "en", model.Languages{"ar"}, model.RoleModerator) // nothing waits in Arabic
	f.staff("nolangs@example.org", "en", nil, model.RoleModerator)
	f.staff("council@example.org", "en", model.Languages{"es"}, model.RoleCouncil)
	off := f.staff("off@example.org", "en", model.Languages{"es"}, model.RoleModerator)
	if err := f.st.SetDisabled(ctx, nil, off.ID, true); err != nil {
		t.Fatal(err)
	}

	t.Run("NothingPending", func(t *testing.T) {
		if msgs, err := f.turn(); err != nil || len(msgs) != 0 {
			t.Fatalf("%d notices, %v", len(msgs), err)
		}
	})

	for _, lang := range []string{"es", "es", "fr", "ru", "en"} {
		f.post(lang)
	}
	t.Run("CountsOnly", func(t *testing.T) {
		msgs, err := f.turn()
		if err != nil {
			t.Fatal(err)
		}
		got := byRecipient(t, msgs)
		if len(got) != 2 {
			t.Fatalf("notices to %v, want es-fr@ and ru@ only", keys(got))
		}
		es, ok := got["es-fr@example.org"]
		if !ok {
			t.Fatalf("no notice to es-fr@: %v", keys(got))
		}
		esT := f.cat.Translator("es")
		if want := esT.T("NoticeSubject", "Count", 3); es.Subject != want || !strings.Contains(es.Subject, "3") {
			t.Errorf("subject %q, want %q", es.Subject, want)
		}
		for _, want := range []string{"3 textos esperan", "Español: 2\n", "Francés: 1\n", "\nhttps://voice.example.org/staff/moderation\n"} {
			if !strings.Contains(es.Body, want) {
				t.Errorf("Spanish notice lacks %q:\n%s", want, es.Body)
			}
		}
		for _, unwanted := range []string{"Ruso", "Inglés"} {
			if strings.Contains(es.Body, unwanted) {
				t.Errorf("Spanish notice counts a language the moderator does not work in (%s):\n%s", unwanted, es.Body)
			}
		}
		ru, ok := got["ru@example.org"]
		if !ok {
			t.Fatalf("no notice to ru@: %v", keys(got))
		}
		if want := f.cat.Translator("ru").T("NoticeSubject", "Count", 1); ru.Subject != want || !strings.Contains(ru.Subject, "1") {
			t.Errorf("subject %q, want %q", ru.Subject, want)
		}
		if !strings.HasPrefix(ru.Header.Get("Subject"), "=?utf-8?q?") {
			t.Errorf("Russian subject not RFC 2047 encoded: %q", ru.Header.Get("Subject"))
		}
		if !strings.Contains(ru.Body, "Русский: 1\n") || !strings.Contains(ru.Body, "https://voice.example.org/staff/moderation") {
			t.Errorf("Russian notice:\n%s", ru.Body)
		}
	})

	t.Run("SameCountsNotResent", func(t *testing.T) {
		if msgs, err := f.turn(); err != nil || len(msgs) != 0 {
			t.Fatalf("%d notices with unchanged counts, %v", len(msgs), err)
		}
	})

	f.post("fr")
	t.Run("ChangedCountsSentToThoseConcerned", func(t *testing.T) {
		msgs, err := f.turn()
		if err != nil {
			t.Fatal(err)
		}
		got := byRecipient(t, msgs)
		es, ok := got["es-fr@example.org"]
		if len(got) != 1 || !ok {
			t.Fatalf("notices to %v, want es-fr@ only", keys(got))
		}
		if !strings.Contains(es.Body, "4 textos esperan") || !strings.Contains(es.Body, "Francés: 2\n") {
			t.Errorf("updated notice:\n%s", es.Body)
		}
	})

	// A failed email is tried again at the next turn; the others still go.
	f.srv.Refuse("ru@example.org", true)
	f.post("ru")
	f.post("es")
	t.Run("FailedSendRetried", func(t *testing.T) {
		msgs, err := f.turn()
		if err == nil {
			t.Fatal("no error for a refused notice")
		}
		if strings.Contains(err.Error(), "PLANTED") {
			t.Fatalf("the error carries respondent data: %v", err)
		}
		if got := byRecipient(t, msgs); len(got) != 1 || !strings.Contains(got["es-fr@example.org"].Body, "5 textos") {
			t.Fatalf("notices to %v despite one failure", keys(got))
		}
		f.srv.Refuse("ru@example.org", false)
		msgs, err = f.turn()
		if err != nil {
			t.Fatal(err)
		}
		got := byRecipient(t, msgs)
		if ru, ok := got["ru@example.org"]; len(got) != 1 || !ok || !strings.Contains(ru.Body, "Русский: 2\n") {
			t.Fatalf("retry: notices to %v", keys(got))
		}
	})
}

func keys(m map[string]parsed) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
