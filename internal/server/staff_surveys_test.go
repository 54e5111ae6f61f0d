package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

var reEditorRev = regexp.MustCompile(`name="rev" value="([^"]+)"`)

// editor is an admin's browser on the survey pages.
type surveyEditor struct {
	*client
	t    *testing.T
	csrf string
	slug string
}

func (h *harness) surveyEditor(t *testing.T, slug string) *surveyEditor {
	admin := h.newStaff("admin-"+slug+"@example.org", model.RoleAdmin)
	c := h.client()
	return &surveyEditor{client: c, t: t, csrf: c.signIn(admin), slug: slug}
}

// page fetches the editor.
func (e *surveyEditor) page() string {
	e.t.Helper()
	res, body := e.get("/staff/surveys/" + e.slug)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("editor: %d\n%s", res.StatusCode, body)
	}
	return body
}

// edit posts one of the editor's forms with the current revision, as the
// page would.
func (e *surveyEditor) edit(path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	f := url.Values{"csrf": {e.csrf}, "rev": {match(e.t, reEditorRev, e.page())}}
	for k, v := range form {
		f[k] = v
	}
	return e.post("/staff/surveys/"+e.slug+"/"+path, f)
}

// mustEdit is edit expecting the redirect of a saved change.
func (e *surveyEditor) mustEdit(path string, form url.Values) {
	e.t.Helper()
	if res, body := e.edit(path, form); res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("%s %v: %d\n%s", path, form, res.StatusCode, body)
	}
}

func (h *harness) editedSurvey(t *testing.T, slug string) *store.Survey {
	t.Helper()
	sv, err := h.st.SurveyBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// responseVersions lists the versions the stored responses of a survey answered.
func (h *harness) responseVersions(t *testing.T, surveyID string) []int {
	t.Helper()
	q := "SELECT version FROM responses WHERE survey_id = ? ORDER BY version"
	if h.st.Dialect() == store.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	rows, err := h.st.SQLDB().Query(q, surveyID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// allTexts fills every text of the draft in each language, as the editor's
// texts form would send it.
func allSurveyTexts(d *model.Definition, langs ...string) url.Values {
	f := url.Values{}
	for _, u := range textUnits(d) {
		if u.ID == "audience" || strings.HasSuffix(u.ID, ".hint") || strings.HasSuffix(u.ID, ".warning") {
			continue
		}
		for _, l := range langs {
			f.Set("t."+l+"."+u.ID, l+" "+u.ID)
		}
	}
	return f
}

func TestSurveyEditor(t *testing.T) {
	h := newHarness(t)
	e := h.surveyEditor(t, "needs")

	t.Run("CreateConsultation", func(t *testing.T) {
		res, body := e.post("/staff/consultations", url.Values{"csrf": {e.csrf}, "slug": {"priority-2026"}, "name": {"Priority one 2026"},
			"starts_on": {"2026-01-01"}, "ends_on": {"2026-12-31"}, "language": {"es", "en"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.StatusCode, body)
		}
		_, body = e.get("/staff/surveys")
		if !strings.Contains(body, "Priority one 2026") || !strings.Contains(body, "2026-01-01 – 2026-12-31") {
			t.Fatal("the list does not show the consultation")
		}
	})
	t.Run("ErrConsultationInvalid", func(t *testing.T) {
		res, body := e.post("/staff/consultations", url.Values{"csrf": {e.csrf}, "slug": {"Bad Slug"}, "name": {"<b>Kept</b>"}, "starts_on": {"2026-13-01"}})
		if res.StatusCode != http.StatusUnprocessableEntity || strings.Count(body, "<li>") < 3 ||
			!strings.Contains(body, "not a valid short name") || !strings.Contains(body, "is not a date") || !strings.Contains(body, "Choose at least one language") {
			t.Fatalf("invalid consultation: %d\n%s", res.StatusCode, body)
		}
		if !strings.Contains(body, `value="&lt;b&gt;Kept&lt;/b&gt;"`) {
			t.Fatal("the form lost what was typed")
		}
	})
	t.Run("CreateSurvey", func(t *testing.T) {
		res, body := e.post("/staff/surveys", url.Values{"csrf": {e.csrf}, "slug": {"needs"}, "consultation": {"priority-2026"}, "title": {"What you need"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/surveys/needs" {
			t.Fatalf("create: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		sv := h.editedSurvey(t, "needs")
		if sv.State != model.SurveyDraft || !slices.Equal(sv.Draft.Languages, []string{"en", "es"}) || sv.Draft.Title["en"] != "What you need" {
			t.Fatalf("created %+v", sv.Draft)
		}
	})
	t.Run("ErrSurveySlugTaken", func(t *testing.T) {
		res, body := e.post("/staff/surveys", url.Values{"csrf": {e.csrf}, "slug": {"needs"}, "consultation": {"priority-2026"}, "title": {"Other"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already used") {
			t.Fatalf("duplicate slug: %d", res.StatusCode)
		}
		if h.editedSurvey(t, "needs").Draft.Title["en"] != "What you need" {
			t.Fatal("a duplicate slug replaced the survey")
		}
		res, body = e.post("/staff/surveys", url.Values{"csrf": {e.csrf}, "slug": {"import"}, "consultation": {"priority-2026"}, "title": {"Import"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "reserved") || !strings.Contains(body, `value="Import"`) {
			t.Fatalf("reserved slug: %d", res.StatusCode)
		}
	})
	t.Run("Completeness", func(t *testing.T) {
		body := e.page()
		// title, purpose, section s1's title and question q1's text; only the title exists, in English.
		if !strings.Contains(body, "en 1/4") || !strings.Contains(body, "es 0/4") {
			t.Fatalf("no completeness figures:\n%s", body)
		}
		_, list := e.get("/staff/surveys")
		if !strings.Contains(list, "en 1/4") || !strings.Contains(list, `href="/staff/surveys/needs"`) {
			t.Fatal("the list lacks the survey or its figures")
		}
	})
	t.Run("BuildStructure", func(t *testing.T) {
		e.mustEdit("questions", url.Values{"section": {"s1"}, "id": {"q2"}, "type": {"single_choice"}})
		e.mustEdit("choices", url.Values{"question": {"q2"}, "value": {"maybe"}})
		e.mustEdit("choices/move", url.Values{"question": {"q2"}, "choice": {"maybe"}, "dir": {"up"}})
		e.mustEdit("choices/remove", url.Values{"question": {"q2"}, "choice": {"2"}})
		e.mustEdit("sections", url.Values{"id": {"s2"}, "question_id": {"q3"}, "type": {"scale"}})
		e.mustEdit("questions", url.Values{"section": {"s2"}, "id": {"q4"}, "type": {"number"}})
		e.mustEdit("questions/settings", url.Values{"question": {"q4"}, "type": {"number"}, "min": {"0"}, "max": {"120"}, "integer": {"1"}})
		e.mustEdit("conditions", url.Values{"section": {"s2"}, "on": {"q2"}, "op": {"equals"}, "values": {"maybe"}})
		e.mustEdit("questions/settings", url.Values{"question": {"q1"}, "type": {"short_text"}, "required": {"1"}})
		e.mustEdit("questions/move", url.Values{"question": {"q1"}, "dir": {"down"}})
		d := h.editedSurvey(t, "needs").Draft
		s1, s2 := d.Sections[0], d.Sections[1]
		if len(s1.Questions) != 2 || s1.Questions[0].ID != "q2" || s1.Questions[1].ID != "q1" || !s1.Questions[1].Required || s1.Questions[1].Type != model.ShortText {
			t.Fatalf("section s1: %+v", s1.Questions)
		}
		if vals := []string{s1.Questions[0].Choices[0].Value, s1.Questions[0].Choices[1].Value}; !slices.Equal(vals, []string{"1", "maybe"}) {
			t.Fatalf("choices of q2: %v", vals)
		}
		if len(s2.ShowIf) != 1 || len(s2.Questions[0].Choices) != 5 || *s2.Questions[1].Max != 120 || !s2.Questions[1].Integer {
			t.Fatalf("section s2: %+v", s2)
		}
		body := e.page()
		if !strings.Contains(body, "Shown only if q2 is maybe") || !strings.Contains(body, "scale (1 to 5, with labels)") {
			t.Fatal("the editor does not show the condition or the type")
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		before := definitionRev(h.editedSurvey(t, "needs").Draft)
		res, body := e.edit("conditions", url.Values{"question": {"q2"}, "on": {"q4"}, "op": {"answered"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "s1 › q2: The condition refers to “q4”, which is not an earlier question.") {
			t.Fatalf("condition on a later question: %d\n%s", res.StatusCode, body)
		}
		res, body = e.edit("questions", url.Values{"section": {"s1"}, "id": {"Q 1"}, "type": {"note"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "“Q 1” is not a valid or unique name") {
			t.Fatalf("bad question name: %d\n%s", res.StatusCode, body)
		}
		res, body = e.edit("choices/remove", url.Values{"question": {"q2"}, "choice": {"1"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "at least two answers") {
			t.Fatalf("one choice left: %d", res.StatusCode)
		}
		res, _ = e.edit("questions/remove", url.Values{"question": {"q9"}})
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("removing a question that is not there: %d", res.StatusCode)
		}
		if definitionRev(h.editedSurvey(t, "needs").Draft) != before {
			t.Fatal("a refused change was saved")
		}
	})
	t.Run("ErrStaleForm", func(t *testing.T) {
		rev := match(t, reEditorRev, e.page())
		e.mustEdit("settings", url.Values{"language": {"en", "es"}, "minutes": {"4"}})
		res, body := e.post("/staff/surveys/needs/questions/remove", url.Values{"csrf": {e.csrf}, "rev": {rev}, "question": {"q4"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone changed this survey") {
			t.Fatalf("stale form: %d", res.StatusCode)
		}
		if h.editedSurvey(t, "needs").Draft.Question("q4") == nil {
			t.Fatal("a stale form changed the draft")
		}
	})
	t.Run("TextsSideBySide", func(t *testing.T) {
		d := h.editedSurvey(t, "needs").Draft
		f := allSurveyTexts(d, "en", "es")
		f.Set("t.en.section.s2.warning", "Questions about exploitation.")
		f.Set("t.en.title", "<script>alert(1)</script> Needs")
		e.mustEdit("texts", f)
		d = h.editedSurvey(t, "needs").Draft
		if d.Title["es"] != "es title" || d.Sections[1].Questions[0].Choices[4].Label["es"] != "es question.q3.choice.5" {
			t.Fatalf("texts not saved: %+v", d.Title)
		}
		body := e.page()
		have, want := d.Completeness("es")
		if want != have+1 || !strings.Contains(body, "es "+strconv.Itoa(have)+"/"+strconv.Itoa(want)) || !strings.Contains(body, "en "+strconv.Itoa(want)+"/"+strconv.Itoa(want)) {
			t.Fatalf("figures: es %d/%d\n%s", have, want, body)
		}
		if !strings.Contains(body, `name="t.es.section.s2.warning"`) || !strings.Contains(body, "missing") {
			t.Fatal("the Spanish warning is not marked missing")
		}
		if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; Needs") {
			t.Fatal("a survey text is not escaped")
		}
		_, only := e.get("/staff/surveys/needs?show=es")
		if strings.Contains(only, `name="t.en.title"`) || !strings.Contains(only, `name="t.es.title"`) {
			t.Fatal("the column chooser does not choose")
		}
	})
	t.Run("ErrTextTooLong", func(t *testing.T) {
		res, body := e.edit("texts", url.Values{"t.es.purpose": {strings.Repeat("x", maxTextLen+1)}, "t.es.title": {"Typed and kept"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "too long") || !strings.Contains(body, "Typed and kept") {
			t.Fatalf("too long: %d", res.StatusCode)
		}
		if h.editedSurvey(t, "needs").Draft.Title["es"] != "es title" {
			t.Fatal("a refused text form was saved")
		}
	})
	t.Run("ErrPublishIncomplete", func(t *testing.T) {
		res, body := e.edit("publish", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Not every text exists in Español") || strings.Contains(body, "exists in English") {
			t.Fatalf("publish while incomplete: %d\n%s", res.StatusCode, body)
		}
		if sv := h.editedSurvey(t, "needs"); sv.Version != 0 || sv.State != model.SurveyDraft {
			t.Fatalf("published anyway: %+v", sv)
		}
	})
	t.Run("Publish", func(t *testing.T) {
		e.mustEdit("texts", url.Values{"t.es.section.s2.warning": {"Preguntas sobre explotación."}, "t.en.title": {"What you need"}})
		res, body := e.edit("publish", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/surveys/needs?published=1" {
			t.Fatalf("publish: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		if sv := h.editedSurvey(t, "needs"); sv.Version != 1 || sv.State != model.SurveyOpen {
			t.Fatalf("after publish: %+v", sv)
		}
		_, body = e.get("/staff/surveys/needs?published=1")
		if !strings.Contains(body, "Version 1 is published and open.") || !strings.Contains(body, "the draft is the same") {
			t.Fatal("no notice of the publication")
		}
	})
	t.Run("RespondentSeesIt", func(t *testing.T) {
		for lang, title := range map[string]string{"en": "What you need", "es": "es title"} {
			res, body := h.client().get("/" + lang + "/s/needs")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, title) {
				t.Fatalf("%s: %d", lang, res.StatusCode)
			}
		}
	})
	t.Run("NewVersionKeepsStartedResponses", func(t *testing.T) {
		sv := h.editedSurvey(t, "needs")
		r := h.respondent(t, "en", "needs")
		r.start("aggregate")
		e.mustEdit("texts", url.Values{"t.en.question.q1.text": {"Version two wording"}})
		body := e.page()
		if !strings.Contains(body, "respondents keep answering version 1 until you publish version 2") || !strings.Contains(body, "Publish as version 2") {
			t.Fatal("the editor does not say that the open version is unchanged")
		}
		if res, _ := h.client().get("/en/s/needs"); res.StatusCode != http.StatusOK {
			t.Fatal("editing closed the survey")
		}
		if h.editedSurvey(t, "needs").Published.Question("q1").Text["en"] != "en question.q1.text" {
			t.Fatal("editing changed the published version")
		}
		if res, body := e.edit("publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish version 2: %d\n%s", res.StatusCode, body)
		}
		if sv := h.editedSurvey(t, "needs"); sv.Version != 2 {
			t.Fatalf("version %d", sv.Version)
		}
		code, body := r.send("next", url.Values{"q.q2": {"1"}, "q.q1": {"hello"}})
		if code != http.StatusOK || strings.Contains(body, "Version two wording") {
			t.Fatalf("a started response moved to the new version: %d", code)
		}
		if code, body = r.send("submit", url.Values{"keep_receipt": {"no"}}); code != http.StatusOK {
			t.Fatalf("submit: %d\n%s", code, body)
		}
		r2 := h.respondent(t, "en", "needs")
		if body := r2.start("aggregate"); !strings.Contains(body, "Version two wording") {
			t.Fatal("a new response does not get version 2")
		}
		r2.send("next", url.Values{"q.q2": {"1"}, "q.q1": {"hi"}})
		r2.send("submit", url.Values{"keep_receipt": {"no"}})
		if v := h.responseVersions(t, sv.ID); !slices.Equal(v, []int{1, 2}) {
			t.Fatalf("responses answered versions %v, want [1 2]", v)
		}
		if v1, err := h.st.SurveyVersion(context.Background(), sv.ID, 1); err != nil || v1.Question("q1").Text["en"] != "en question.q1.text" {
			t.Fatalf("version 1 changed: %v", err)
		}
		if _, list := e.get("/staff/surveys"); !strings.Contains(list, "<td>2</td>\n<td>2</td>") {
			t.Fatal("the list does not count the responses")
		}
	})
	t.Run("ErrNothingToPublish", func(t *testing.T) {
		res, body := e.edit("publish", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "nothing new to publish") {
			t.Fatalf("publish unchanged draft: %d", res.StatusCode)
		}
	})
	t.Run("Preview", func(t *testing.T) {
		res, body := e.get("/staff/surveys/needs/preview/es")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<div class="preview" lang="es" dir="ltr">`) ||
			!strings.Contains(body, "es question.q3.text") || !strings.Contains(body, "Preguntas sobre explotación.") ||
			!strings.Contains(body, "Prefiero no decirlo") || !strings.Contains(body, "Shown only if q2 is maybe") {
			t.Fatalf("preview: %d\n%s", res.StatusCode, body)
		}
		for _, lang := range []string{"fr", "xx"} {
			if res, _ := e.get("/staff/surveys/needs/preview/" + lang); res.StatusCode != http.StatusNotFound {
				t.Fatalf("preview in %s: %d", lang, res.StatusCode)
			}
		}
	})
	t.Run("Transitions", func(t *testing.T) {
		post := func(action string) (*http.Response, string) {
			return e.post("/staff/surveys/needs/"+action, url.Values{"csrf": {e.csrf}})
		}
		if res, body := post("archive"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot go from “open” to “archived”") {
			t.Fatalf("archive while open: %d", res.StatusCode)
		}
		if res, _ := post("close"); res.StatusCode != http.StatusSeeOther || h.editedSurvey(t, "needs").State != model.SurveyClosed {
			t.Fatalf("close: %d", res.StatusCode)
		}
		if res, _ := h.client().get("/en/s/needs"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("closed survey answered: %d", res.StatusCode)
		}
		e.mustEdit("texts", url.Values{"t.en.question.q1.text": {"Version three wording"}})
		if res, body := e.edit("publish", nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "reopen it before publishing") {
			t.Fatalf("publish while closed: %d", res.StatusCode)
		}
		if res, _ := post("reopen"); res.StatusCode != http.StatusSeeOther || h.editedSurvey(t, "needs").State != model.SurveyOpen {
			t.Fatalf("reopen: %d", res.StatusCode)
		}
		if sv := h.editedSurvey(t, "needs"); sv.Version != 2 {
			t.Fatalf("reopening changed the version: %d", sv.Version)
		}
		post("close")
		if res, _ := post("archive"); res.StatusCode != http.StatusSeeOther || h.editedSurvey(t, "needs").State != model.SurveyArchived {
			t.Fatalf("archive: %d", res.StatusCode)
		}
		if res, body := post("reopen"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot go from “archived” to “open”") {
			t.Fatalf("reopen archived: %d", res.StatusCode)
		}
		if res, body := e.edit("texts", url.Values{"t.en.title": {"Changed"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "archived") {
			t.Fatalf("edit archived: %d", res.StatusCode)
		}
		if body := e.page(); strings.Contains(body, `action="/staff/surveys/needs/texts"`) && strings.Contains(body, `name="t.en.title"`) {
			t.Fatal("an archived survey still offers edit forms")
		}
	})
	t.Run("ErrDraftStateTransition", func(t *testing.T) {
		res, body := e.post("/staff/surveys", url.Values{"csrf": {e.csrf}, "slug": {"later"}, "consultation": {"priority-2026"}, "language": {"en"}, "title": {"Later"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.StatusCode, body)
		}
		res, body = e.post("/staff/surveys/later/close", url.Values{"csrf": {e.csrf}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot go from “draft” to “closed”") {
			t.Fatalf("close a draft: %d", res.StatusCode)
		}
	})
}

// Every survey route answers a survey that does not exist with a 404.
func TestSurveyRoutesUnknownSurvey(t *testing.T) {
	h := newHarness(t)
	e := h.surveyEditor(t, "no-such-survey")
	for _, r := range h.srv.Routes() {
		if !strings.HasPrefix(r.Path, "/staff/surveys/:slug") || strings.HasSuffix(r.Path, "/translations") || strings.HasSuffix(r.Path, "/xliff") {
			continue
		}
		target := strings.NewReplacer(":slug", "no-such-survey", ":lang", "en").Replace(r.Path)
		var res *http.Response
		if r.Method == http.MethodPost {
			res, _ = e.post(target, url.Values{"csrf": {e.csrf}})
		} else {
			res, _ = e.get(target)
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d", r.Method, r.Path, res.StatusCode)
		}
	}
}
