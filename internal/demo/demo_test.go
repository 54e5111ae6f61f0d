package demo

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/mask"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/server"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func keyring(t *testing.T) *privacy.Keyring {
	t.Helper()
	s, err := privacy.GenerateKeyring()
	if err != nil {
		t.Fatal(err)
	}
	kr, err := privacy.ParseKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// The demo survey is valid, complete in every shipped language, and shows
// every feature a newcomer should see.
func TestSurvey(t *testing.T) {
	d := Survey()
	cat := catalog(t)
	if ps := d.Validate(cat.IsLang); len(ps) > 0 {
		t.Fatalf("invalid: %v", ps)
	}
	if len(d.Languages) != 7 {
		t.Fatalf("languages %v, want all seven", d.Languages)
	}
	for _, l := range []string{"en", "es", "fr", "pt", "ar", "ru", "zh"} {
		if !slices.Contains(d.Languages, l) || !cat.IsLang(l) {
			t.Errorf("language %s missing or not shipped", l)
		}
		if have, want := d.Completeness(l); have != want || !d.Complete(l) {
			t.Errorf("%s: %d of %d texts", l, have, want)
		}
	}
	if d.Slug != "priority-one" || d.Minutes != 8 || len(d.Sections) < 3 || len(d.Sections) > 4 {
		t.Errorf("slug %q, %d minutes, %d sections", d.Slug, d.Minutes, len(d.Sections))
	}
	types := map[model.QuestionType]bool{}
	var warned, conditional, required bool
	for _, s := range d.Sections {
		warned = warned || len(s.Warning) > 0
		conditional = conditional || len(s.ShowIf) > 0
		for _, q := range s.Questions {
			types[q.Type] = true
			conditional = conditional || len(q.ShowIf) > 0
			required = required || q.Required
			switch q.Type {
			case model.Scale:
				if len(q.Choices) != 5 {
					t.Errorf("%s: %d points, want 5", q.ID, len(q.Choices))
				}
			case model.Number:
				if q.Min == nil || q.Max == nil {
					t.Errorf("%s: no min or max", q.ID)
				}
			case model.ShortText, model.LongText:
				for _, l := range d.Languages {
					if len(texts[q.ID][l]) == 0 {
						t.Errorf("%s: no sample answers in %s", q.ID, l)
					}
				}
			}
		}
	}
	for _, qt := range model.QuestionTypes {
		if !types[qt] {
			t.Errorf("no %s question", qt)
		}
	}
	if !warned || !conditional || !required {
		t.Errorf("warning %v, condition %v, required %v: want all", warned, conditional, required)
	}
	if Survey() == d || &Survey().Sections[0] == &d.Sections[0] {
		t.Error("Survey shares its definition between calls")
	}
}

// The same seed draws the same responses.
func TestDeterministic(t *testing.T) {
	kr := keyring(t)
	draw := func(seed int64) []string {
		g := newGenerator(Survey(), seed)
		var out []string
		for range 20 {
			sub, err := g.submission(kr, "s", 1)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, sub.Language, sub.Consent)
			for _, a := range sub.Answers {
				v := a.Value
				if a.Sealed != "" {
					b, err := kr.Open(a.Sealed, server.AnswerAAD(sub.ID, a.QuestionID))
					if err != nil {
						t.Fatal(err)
					}
					v = string(b)
				}
				out = append(out, a.QuestionID+"="+v)
			}
		}
		return out
	}
	a, b, c := draw(7), draw(7), draw(8)
	if !slices.Equal(a, b) {
		t.Error("seed 7 drew different responses twice")
	}
	if slices.Equal(a, c) {
		t.Error("seeds 7 and 8 drew the same responses")
	}
}

type storedResponse struct {
	lang, consent string
	receipt       bool
	answers       map[string]store.StoredAnswer
}

// responses reads back every stored response.
func responses(t *testing.T, st *store.Store) map[string]*storedResponse {
	t.Helper()
	out := map[string]*storedResponse{}
	rows, err := st.SQLDB().Query("SELECT id, language, consent, receipt_id IS NOT NULL FROM responses")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		r := &storedResponse{answers: map[string]store.StoredAnswer{}}
		if err := rows.Scan(&id, &r.lang, &r.consent, &r.receipt); err != nil {
			t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for id := range out {
		as, err := st.ResponseAnswers(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			out[id].answers[a.QuestionID] = a
		}
	}
	return out
}

func TestFill(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, nil)
	kr := keyring(t)
	slug, err := Fill(ctx, st, kr, 50, 1)
	if err != nil || slug != "priority-one" {
		t.Fatalf("Fill: %q, %v", slug, err)
	}
	sv, err := st.SurveyBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if sv.State != model.SurveyOpen || sv.Version != 1 || sv.Published == nil {
		t.Fatalf("survey is %s at version %d", sv.State, sv.Version)
	}
	for _, l := range Languages {
		if !sv.Published.Complete(l) {
			t.Errorf("published survey incomplete in %s", l)
		}
	}
	c, err := st.ConsultationBySlug(ctx, "priority-one-2025")
	if err != nil || c.ID != sv.ConsultationID || len(c.Name) != 7 {
		t.Fatalf("consultation %+v, %v", c, err)
	}
	if n, err := st.CountResponses(ctx, sv.ID); err != nil || n != 50 {
		t.Fatalf("%d responses, %v; want 50", n, err)
	}

	d := sv.Published
	langs, consents := map[string]int{}, map[string]int{}
	var declined, texted int
	for id, r := range responses(t, st) {
		langs[r.lang]++
		consents[r.consent]++
		if r.receipt {
			t.Errorf("response %s has a receipt", id)
		}
		// Rebuild the answers and check them against the survey: only
		// shown questions are answered, and every shown one is.
		as := model.Answers{}
		for _, q := range d.Questions() {
			sa, ok := r.answers[q.ID]
			if !ok {
				continue
			}
			a := model.Answer{Declined: sa.Declined}
			switch {
			case sa.Declined:
				declined++
			case q.IsText():
				if sa.Value != "" {
					t.Errorf("%s: free text stored in the clear", q.ID)
				}
				b, err := kr.Open(sa.Sealed, server.AnswerAAD(id, q.ID))
				if err != nil {
					t.Fatalf("%s: sealed text does not open: %v", q.ID, err)
				}
				if !slices.Contains(texts[q.ID][r.lang], string(b)) {
					t.Errorf("%s: %q is not a %s sample", q.ID, b, r.lang)
				}
				a.Text = string(b)
				texted++
			default:
				raw := []string{sa.Value}
				if q.Type == model.MultipleChoice {
					raw = strings.Split(sa.Value, "\n")
				}
				parsed, perr := q.ParseAnswer(raw)
				if perr != nil || parsed.Empty() {
					t.Fatalf("%s: stored %q does not parse: %v", q.ID, sa.Value, perr)
				}
				a = parsed
			}
			as[q.ID] = a
		}
		if len(d.Prune(as)) != len(as) {
			t.Errorf("response %s answers a hidden question: %v", id, as)
		}
		for _, i := range d.VisibleSections(as) {
			for _, q := range d.Sections[i].Questions {
				if q.Visible(as) && q.Missing(as[q.ID]) {
					t.Errorf("response %s leaves %s unanswered", id, q.ID)
				}
			}
		}
	}
	if len(langs) < 6 {
		t.Errorf("languages %v: want them spread", langs)
	}
	if consents[store.ConsentQuote] == 0 || consents[store.ConsentAggregate] == 0 {
		t.Errorf("consents %v: want a mix", consents)
	}
	if declined == 0 || texted == 0 {
		t.Errorf("%d declined, %d free-text answers: want some of each", declined, texted)
	}

	// A second run adds nothing.
	slug, err = Fill(ctx, st, kr, 50, 2)
	if !errors.Is(err, ErrExists) || slug != "priority-one" {
		t.Fatalf("second Fill: %q, %v; want ErrExists", slug, err)
	}
	if n, _ := st.CountResponses(ctx, sv.ID); n != 50 {
		t.Fatalf("%d responses after a second Fill, want 50", n)
	}
	if svs, _ := st.Surveys(ctx, ""); len(svs) != 1 {
		t.Fatalf("%d surveys after a second Fill, want 1", len(svs))
	}
	if cs, _ := st.Consultations(ctx); len(cs) != 1 {
		t.Fatalf("%d consultations after a second Fill, want 1", len(cs))
	}
}

// Fill uses an existing consultation of the same slug.
func TestFillExistingConsultation(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, nil)
	c := &model.Consultation{Slug: ConsultationSlug, Name: model.Text{"en": "Ours"}, StartsOn: "2025-03-01", Languages: []string{"en"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	if _, err := Fill(ctx, st, keyring(t), 3, 1); err != nil {
		t.Fatal(err)
	}
	sv, err := st.SurveyBySlug(ctx, SurveySlug)
	if err != nil || sv.ConsultationID != c.ID {
		t.Fatalf("survey in %v, want %s (%v)", sv, c.ID, err)
	}
}

func TestFillNegative(t *testing.T) {
	if _, err := Fill(context.Background(), nil, nil, -1, 1); err == nil {
		t.Fatal("Fill took -1 responses")
	}
}

// The demo channel fills the moderation queue in every language, and the
// detectors find the made-up contact details in the second message of each.
func TestFillChannel(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, nil)
	kr := keyring(t)
	if _, err := Fill(ctx, st, kr, 0, 1); err != nil {
		t.Fatal(err)
	}
	ch, err := st.ChannelBySlug(ctx, ChannelSlug)
	if err != nil || !ch.Open || len(ch.Languages) != 7 {
		t.Fatalf("channel %+v, %v", ch, err)
	}
	items, err := st.ModerationQueue(ctx, store.QueueQuery{GroupKey: store.ChannelGroup(ch.ID), AllLanguages: true})
	if err != nil || len(items) != 21 {
		t.Fatalf("%d pending channel messages, %v; want 21", len(items), err)
	}
	d := mask.New(nil)
	for _, lang := range Languages {
		for i, text := range messages[lang] {
			if found := len(d.Find(text)) > 0; found != (i == 1) {
				t.Errorf("%s message %d %q: details found %v", lang, i, text, found)
			}
		}
	}
	for _, it := range items {
		msgs, err := st.ThreadMessages(ctx, it.ThreadID)
		if err != nil || len(msgs) != 1 {
			t.Fatal(err)
		}
		if _, err := kr.Open(msgs[0].Sealed, server.MessageAAD(msgs[0].ID)); err != nil {
			t.Fatalf("a demo message is not sealed as the server seals: %v", err)
		}
	}
}
