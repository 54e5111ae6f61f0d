package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/config"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

func cliSurvey() *model.Definition {
	t := func(en, es string) model.Text { return model.Text{"en": en, "es": es} }
	return &model.Definition{Slug: "cli-survey", Languages: []string{"en", "es"}, Title: t("CLI survey", "Encuesta CLI"), Purpose: t("Testing.", "Prueba."),
		Sections: []model.Section{{ID: "s1", Title: t("One", "Uno"), Questions: []model.Question{
			{ID: "q1", Type: model.SingleChoice, Text: t("Yes or no?", "¿Sí o no?"), Choices: []model.Choice{{Value: "y", Label: t("Yes", "Sí")}, {Value: "n", Label: t("No", "No")}}},
			{ID: "q2", Type: model.LongText, Text: t("Why?", "¿Por qué?")},
		}}}}
}

func TestSurveyCommands(t *testing.T) {
	dir := t.TempDir()
	getenv := env("VOICE_DATA_DIR", dir)
	ctx := context.Background()
	do := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, args, getenv, &out, &out, nil)
		return out.String(), err
	}
	file := filepath.Join(dir, "cli.json")
	var buf bytes.Buffer
	d := cliSurvey()
	d.Languages = append(d.Languages, "fr") // French is offered but not translated yet
	if err := surveyfile.WriteJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, buf.Bytes(), 0o600)

	if out, err := do("survey", "import", file); err != nil || !strings.Contains(out, "Imported cli-survey") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	t.Run("ErrOpenIncomplete", func(t *testing.T) {
		_, err := do("survey", "open", "cli-survey")
		if err == nil || !strings.Contains(err.Error(), "“fr” are not complete") {
			t.Fatalf("want a refusal naming French, got %v", err)
		}
	})
	os.WriteFile(file, func() []byte { var b bytes.Buffer; surveyfile.WriteJSON(&b, cliSurvey()); return b.Bytes() }(), 0o600)
	if _, err := do("survey", "import", file); err != nil {
		t.Fatal(err)
	}
	if out, err := do("survey", "open", "cli-survey"); err != nil || !strings.Contains(out, "version 1") {
		t.Fatalf("open: %v\n%s", err, out)
	}
	t.Run("ExportImportSame", func(t *testing.T) {
		out, err := do("survey", "export", "cli-survey")
		if err != nil {
			t.Fatal(err)
		}
		back, err := surveyfile.Read("x.json", []byte(out))
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		surveyfile.WriteJSON(&a, back)
		surveyfile.WriteJSON(&b, cliSurvey())
		if a.String() != b.String() {
			t.Fatalf("export then import changed the survey:\n%s\n%s", a.String(), b.String())
		}
	})
	t.Run("ErrBrokenFile", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.json")
		os.WriteFile(bad, []byte(`{"format":"survivor-voice/survey@1","slug":"Bad Slug"}`), 0o600)
		if _, err := do("survey", "import", bad); err == nil {
			t.Fatal("a broken file was imported")
		}
	})
	if out, err := do("survey", "close", "cli-survey"); err != nil || !strings.Contains(out, "Closed") {
		t.Fatalf("close: %v\n%s", err, out)
	}
	if _, err := do("survey", "close", "cli-survey"); err == nil {
		t.Fatal("closing a closed survey succeeded")
	}
	if _, err := do("survey", "export", "nope"); err == nil || !strings.Contains(err.Error(), `no survey "nope"`) {
		t.Fatalf("export of an unknown survey: %v", err)
	}
}

// `voice keys rotate --new-key` re-seals stored free text under a new key,
// and the old key is no longer needed to read it.
func TestKeysRotate(t *testing.T) {
	dir := t.TempDir()
	getenv := env("VOICE_DATA_DIR", dir)
	ctx := context.Background()
	cfg, _ := config.Load(getenv)
	secrets, err := cfg.Secrets()
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(ctx, cfg, true, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	c := &model.Consultation{Slug: "keys-test", Name: model.Text{"en": "keys"}, StartsOn: "2026-01-01", Languages: []string{"en"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	sv, err := st.SaveSurvey(ctx, nil, c.ID, cliSurvey())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, nil, sv.ID); err != nil {
		t.Fatal(err)
	}
	id := privacy.NewSubmissionID()
	aad := []byte("answers.sealed\x00" + id + "\x00q2")
	sealed, _ := secrets.Keyring.Seal([]byte("secret words"), aad)
	if _, err := st.Submit(ctx, &store.Submission{ID: id, SurveyID: sv.ID, Version: 1, Pseudonym: "p", Language: "en", Consent: "aggregate",
		Answers: []store.StoredAnswer{{QuestionID: "q2", Sealed: sealed}}}); err != nil {
		t.Fatal(err)
	}
	// A channel message, its approved masked text and a moderators' term.
	ch := &model.Channel{ConsultationID: c.ID, Slug: "keys-talk", Title: model.Text{"en": "t"}, Languages: []string{"en"}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	msgID := privacy.NewSubmissionID()
	msgSealed, _ := secrets.Keyring.Seal([]byte("a message"), []byte("channel_messages.sealed\x00"+msgID))
	if _, err := st.PostMessage(ctx, &store.ChannelPost{ID: msgID, ChannelID: ch.ID, Pseudonym: "p", Language: "en", Consent: "aggregate", Sealed: msgSealed}); err != nil {
		t.Fatal(err)
	}
	mod, _, err := st.CreateStaff(ctx, nil, "mod@example.org", model.Roles{model.RoleModerator}, "en")
	if err != nil {
		t.Fatal(err)
	}
	mod.Languages = model.Languages{"en"}
	items, _ := st.ModerationQueue(ctx, store.QueueQuery{Languages: mod.Languages, GroupKey: store.ChannelGroup(ch.ID)})
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	masked, _ := secrets.Keyring.Seal([]byte("a [term]"), store.MaskedAAD(items[0].ID))
	if _, err := st.Moderate(ctx, mod, items[0].ID, items[0].Version, store.ItemChange{Action: model.ModApprove, Masked: masked}); err != nil {
		t.Fatal(err)
	}
	termSealed, _ := secrets.Keyring.Seal([]byte("Vale"), store.MaskTermAAD("t1"))
	if err := st.AddMaskTerm(ctx, mod, "t1", termSealed); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"keys", "rotate", "--new-key"}, getenv, &out, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Re-sealed 4 value") {
		t.Fatalf("output: %s", out.String())
	}
	secrets2, _ := cfg.Secrets()
	if secrets2.Keyring.Active() == secrets.Keyring.Active() {
		t.Fatal("no new active key")
	}
	st, _ = openStore(ctx, cfg, true, &bytes.Buffer{})
	defer st.Close()
	as, _ := st.ResponseAnswers(ctx, id)
	if len(as) != 1 || privacy.KeyID(as[0].Sealed) != secrets2.Keyring.Active() {
		t.Fatalf("answer not re-sealed under the new key: %+v", as)
	}
	only, _ := privacy.ParseKeyring(strings.Split(secrets2.Keyring.Encode(), ",")[0])
	if plain, err := only.Open(as[0].Sealed, aad); err != nil || string(plain) != "secret words" {
		t.Fatalf("the new key alone cannot open the answer: %v", err)
	}
	msgs, _ := st.ThreadMessages(ctx, msgID)
	if plain, err := only.Open(msgs[0].Sealed, []byte("channel_messages.sealed\x00"+msgID)); err != nil || string(plain) != "a message" {
		t.Fatalf("the new key alone cannot open the channel message: %v", err)
	}
	it, _ := st.ModerationItemByID(ctx, items[0].ID)
	if plain, err := only.Open(it.Masked, store.MaskedAAD(it.ID)); err != nil || string(plain) != "a [term]" {
		t.Fatalf("the new key alone cannot open the masked text: %v", err)
	}
	terms, _ := st.MaskTerms(ctx)
	if plain, err := only.Open(terms[0].Sealed, store.MaskTermAAD("t1")); err != nil || string(plain) != "Vale" {
		t.Fatalf("the new key alone cannot open the term: %v", err)
	}
}
