package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// Every survey page, and every refusal it can show, renders in every locale
// with no untranslated message (the harness fails on any).
func TestSurveyPagesInEveryLocale(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.newStaff("admin@example.org", model.RoleAdmin)

	changed := h.openSurvey(testSurvey("loc-open"))
	d := testSurvey("loc-open")
	d.Title["en"] = "Changed in the draft"
	if _, err := h.st.SaveSurvey(ctx, nil, changed.ConsultationID, d); err != nil {
		t.Fatal(err)
	}
	draft := testSurvey("loc-draft")
	draft.Languages = []string{"en", "es", "ar", "fr"}
	if _, err := h.st.SaveSurvey(ctx, nil, changed.ConsultationID, draft); err != nil {
		t.Fatal(err)
	}
	closed := h.openSurvey(testSurvey("loc-closed"))
	archived := h.openSurvey(testSurvey("loc-archived"))
	for _, sv := range []string{closed.ID, archived.ID} {
		if err := h.st.SetSurveyState(ctx, nil, sv, model.SurveyClosed); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.st.SetSurveyState(ctx, nil, archived.ID, model.SurveyArchived); err != nil {
		t.Fatal(err)
	}

	cat, _ := i18n.Load()
	for _, l := range cat.Languages() {
		t.Run(l.Code, func(t *testing.T) {
			if err := h.st.SetLanguage(ctx, admin.user.ID, l.Code); err != nil {
				t.Fatal(err)
			}
			c := h.client()
			csrf := c.signIn(admin)
			check := func(name string, res *http.Response, body string, status int) {
				t.Helper()
				checkLocalePage(t, l, name, res, body, status)
			}
			get := func(path string, status int) string {
				t.Helper()
				res, body := c.get(path)
				check("GET "+path, res, body, status)
				return body
			}
			post := func(path string, form url.Values, status int) {
				t.Helper()
				form.Set("csrf", csrf)
				res, body := c.post(path, form)
				check("POST "+path, res, body, status)
			}
			if body := get("/staff/", 200); !strings.Contains(body, `href="/staff/surveys"`) {
				t.Error("no link to the surveys")
			}
			get("/staff/surveys", 200)
			for _, slug := range []string{"loc-open", "loc-draft", "loc-closed", "loc-archived"} {
				get("/staff/surveys/"+slug, 200)
			}
			get("/staff/surveys/loc-open?published=1", 200)
			for _, lang := range []string{"en", "es", "ar"} {
				get("/staff/surveys/loc-open/preview/"+lang, 200)
			}
			get("/staff/surveys/loc-draft/preview/fr", 200)
			get("/staff/surveys/loc-open/preview/fr", 404)

			post("/staff/consultations", url.Values{"slug": {"X"}, "name": {strings.Repeat("n", maxNameLen+1)}, "starts_on": {"2026-02-01"}, "ends_on": {"2026-01-01"}}, 422)
			post("/staff/consultations", url.Values{"slug": {"x1"}, "starts_on": {"1st May"}}, 422)
			post("/staff/surveys", url.Values{"slug": {"loc-open"}, "consultation": {"c-loc-open"}, "title": {"Taken"}}, 409)
			post("/staff/surveys", url.Values{"slug": {"-"}, "consultation": {"none"}}, 422)
			post("/staff/surveys", url.Values{"slug": {"import"}, "consultation": {"c-loc-open"}, "title": {"Import"}}, 422)

			rev := match(t, reEditorRev, get("/staff/surveys/loc-draft", 200))
			edit := func(path string, form url.Values, status int) {
				t.Helper()
				form.Set("rev", rev)
				post("/staff/surveys/loc-draft/"+path, form, status)
			}
			edit("publish", url.Values{}, 422)
			edit("conditions", url.Values{"question": {"q1"}, "on": {"q7"}, "op": {"less"}, "values": {"x"}}, 422)
			edit("conditions", url.Values{"question": {"q2"}, "on": {"q1"}, "op": {"nearly"}}, 422)
			edit("questions", url.Values{"section": {"s1"}, "id": {"q1"}, "type": {"essay"}}, 422)
			edit("questions/settings", url.Values{"question": {"q3"}, "type": {"number"}, "min": {"ten"}}, 422)
			edit("questions/settings", url.Values{"question": {"q3"}, "type": {"number"}, "min": {"10"}, "max": {"1"}}, 422)
			edit("questions/settings", url.Values{"question": {"q7"}, "type": {"short_text"}, "max_length": {"99999"}}, 422)
			edit("questions/settings", url.Values{"question": {"q1"}, "type": {"note"}}, 422)
			edit("choices", url.Values{"question": {"q3"}, "value": {"_x"}}, 422)
			edit("choices", url.Values{"question": {"q1"}, "value": {"_x"}}, 422)
			edit("questions/remove", url.Values{"question": {"q1"}}, 422)
			edit("sections", url.Values{"id": {"s9"}, "question_id": {"q9"}, "type": {"single_choice"}}, 303)
			rev = match(t, reEditorRev, get("/staff/surveys/loc-draft", 200))
			edit("sections/remove", url.Values{"section": {"s9"}}, 303)
			rev = match(t, reEditorRev, get("/staff/surveys/loc-draft", 200))
			edit("sections/remove", url.Values{"section": {"s1"}}, 422)
			edit("sections/remove", url.Values{"section": {"s9"}}, 404)
			edit("settings", url.Values{"language": {"en"}, "minutes": {"a while"}}, 422)
			edit("settings", url.Values{"minutes": {"5"}}, 422)
			edit("texts", url.Values{"t.en.title": {strings.Repeat("t", maxTextLen+1)}}, 422)
			post("/staff/surveys/loc-draft/texts", url.Values{"t.en.title": {"Stale"}, "rev": {"old"}}, http.StatusConflict)
			post("/staff/surveys/loc-open/archive", url.Values{}, 422)
			post("/staff/surveys/loc-closed/publish", url.Values{"rev": {match(t, reEditorRev, get("/staff/surveys/loc-closed", 200))}}, 422)
			post("/staff/surveys/loc-archived/reopen", url.Values{}, 422)
			post("/staff/surveys/loc-archived/texts", url.Values{}, 422)
			post("/staff/surveys/loc-draft/close", url.Values{}, 422)
			get("/staff/surveys/no-such-survey", 404)
		})
	}
}
