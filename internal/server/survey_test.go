package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/survivorvoice/voice/internal/privacy"
)

var (
	reDraft   = regexp.MustCompile(`name="draft" value="([^"]+)"`)
	reReceipt = regexp.MustCompile(`<p class="receipt" dir="ltr">(\d{4} \d{4} \d{4} \d{4})</p>`)
	reH1      = regexp.MustCompile(`<h1>([^<]*)</h1>`)
)

// respondent walks a survey as a browser without JavaScript would: every
// step is a POST of the form with the draft token the last page carried.
type respondent struct {
	*client
	t     *testing.T
	lang  string
	slug  string
	draft string
}

func (h *harness) respondent(t *testing.T, lang, slug string) *respondent {
	return &respondent{client: h.client(), t: t, lang: lang, slug: slug}
}

// send posts the page's form with answers and the button pressed.
func (r *respondent) send(nav string, answers url.Values) (int, string) {
	r.t.Helper()
	form := url.Values{"draft": {r.draft}, "nav": {nav}}
	for k, v := range answers {
		form[k] = v
	}
	res, body := r.post("/"+r.lang+"/s/"+r.slug, form)
	if m := reDraft.FindStringSubmatch(body); m != nil {
		r.draft = m[1]
	}
	if len(res.Cookies()) > 0 {
		r.t.Errorf("a survey page set a cookie: %v", res.Cookies())
	}
	return res.StatusCode, body
}

func (r *respondent) start(consent string) string {
	r.t.Helper()
	res, body := r.get("/" + r.lang + "/s/" + r.slug)
	if res.StatusCode != http.StatusOK {
		r.t.Fatalf("introduction: %d\n%s", res.StatusCode, body)
	}
	res, body = r.post("/"+r.lang+"/s/"+r.slug, url.Values{"consent": {consent}})
	if res.StatusCode != http.StatusOK {
		r.t.Fatalf("start: %d\n%s", res.StatusCode, body)
	}
	r.draft = match(r.t, reDraft, body)
	return body
}

func heading(body string) string {
	m := reH1.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestSurveyFlow(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sv := h.openSurvey(testSurvey("priority-one"))
	r := h.respondent(t, "en", "priority-one")

	if _, body := r.get("/en/"); !strings.Contains(body, `href="/en/s/priority-one"`) {
		t.Fatal("the landing page does not list the open survey")
	}
	body := r.start("quote")
	if heading(body) != "About support" || strings.Contains(body, "What helped most?") {
		t.Fatalf("first page: %q; the conditional question must wait for its answer", heading(body))
	}

	t.Run("ErrNothingAnswered", func(t *testing.T) {
		code, body := r.send("next", nil)
		if code != http.StatusUnprocessableEntity || strings.Count(body, `class="field-error"`) != 2 {
			t.Fatalf("want two refusals, got %d\n%s", code, body)
		}
	})
	t.Run("ConditionOnSamePage", func(t *testing.T) {
		code, body := r.send("next", url.Values{"q.q1": {"yes"}, "q.q3": {"abc"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Write a number") {
			t.Fatalf("bad number: %d", code)
		}
		if !strings.Contains(body, `value="abc"`) {
			t.Fatal("what was typed was lost on the error")
		}
		if !strings.Contains(body, "What helped most?") {
			t.Fatal("the question shown by the answer yes did not appear")
		}
	})
	t.Run("Next", func(t *testing.T) {
		code, body := r.send("next", url.Values{"q.q1": {"yes"}, "q.q2": {"The shelter's lawyer. ZQXFREETEXT"}, "q.q3": {"7"}})
		if code != http.StatusOK || heading(body) != "Services" || !strings.Contains(body, "Questions about exploitation.") {
			t.Fatalf("second page: %d %q", code, heading(body))
		}
	})
	t.Run("LanguageSwitchKeepsAnswers", func(t *testing.T) {
		form := url.Values{"draft": {r.draft}, "nav": {"lang:es"}, "q.q4": {"housing", "legal"}}
		res, _ := r.post("/en/s/priority-one", form)
		if res.StatusCode != http.StatusTemporaryRedirect || res.Header.Get("Location") != "/es/s/priority-one" {
			t.Fatalf("switch: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		r.lang = "es"
		code, body := r.send("lang:es", url.Values{"q.q4": {"housing", "legal"}})
		if code != http.StatusOK || heading(body) != "Servicios" || !strings.Contains(body, `lang="es"`) {
			t.Fatalf("Spanish page: %d %q", code, heading(body))
		}
		if strings.Count(body, " checked>") != 2 {
			t.Fatal("the choices ticked before the switch are not ticked")
		}
	})
	t.Run("BackKeepsText", func(t *testing.T) {
		code, body := r.send("back", url.Values{"q.q4": {"housing", "legal"}})
		if code != http.StatusOK || heading(body) != "Sobre el apoyo" || !strings.Contains(body, "ZQXFREETEXT") {
			t.Fatalf("back: %d %q", code, heading(body))
		}
	})
	t.Run("SkipWithPreferNotToSay", func(t *testing.T) {
		r.send("next", url.Values{"q.q1": {"yes"}, "q.q2": {"The shelter's lawyer. ZQXFREETEXT"}, "q.q3": {"7"}})
		code, body := r.send("next", url.Values{"q.q4": {"housing", "legal"}, "q.q5": {"_declined"}, "q.q6": {"4"}})
		if code != http.StatusOK || heading(body) != "Últimas palabras" {
			t.Fatalf("third page: %d %q", code, heading(body))
		}
	})
	t.Run("ErrRequiredCannotBeDeclined", func(t *testing.T) {
		code, body := r.send("next", url.Values{"q.q7": {"_declined"}})
		if code != http.StatusUnprocessableEntity || strings.Contains(body, `name="q.q7" value="_declined"`) {
			t.Fatalf("required question declined: %d, or offered \"prefer not to say\"", code)
		}
	})
	var receipt string
	t.Run("ReviewAndSubmit", func(t *testing.T) {
		code, body := r.send("next", url.Values{"q.q7": {"Listen"}})
		if code != http.StatusOK || !strings.Contains(body, "Vivienda; Ayuda legal") || !strings.Contains(body, "ZQXFREETEXT") {
			t.Fatalf("review: %d\n%s", code, body)
		}
		draft := r.draft
		code, body = r.send("submit", url.Values{"keep_receipt": {"yes"}})
		if code != http.StatusOK {
			t.Fatalf("submit: %d\n%s", code, body)
		}
		receipt = match(t, reReceipt, body)
		// A retry of the same form gives the same receipt and stores nothing more.
		r.draft = draft
		_, again := r.send("submit", url.Values{"keep_receipt": {"yes"}})
		if got := match(t, reReceipt, again); got != receipt {
			t.Fatalf("retry gave receipt %s, first %s", got, receipt)
		}
		if n, _ := h.st.CountResponses(ctx, sv.ID); n != 1 {
			t.Fatalf("%d responses stored, want 1", n)
		}
	})
	t.Run("ReceiptShowsSubmission", func(t *testing.T) {
		c := h.client()
		res, body := c.post("/en/receipt", url.Values{"receipt": {receipt}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Priority one survey") || !strings.Contains(body, `value="quote" checked`) {
			t.Fatalf("receipt page: %d\n%s", res.StatusCode, body)
		}
		arabic := strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤", "5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩").Replace(receipt)
		if res, _ := c.post("/ar/receipt", url.Values{"receipt": {arabic}}); res.StatusCode != http.StatusOK {
			t.Fatalf("receipt typed in Arabic-Indic digits: %d", res.StatusCode)
		}
	})
	t.Run("ErrWrongReceiptLikeUnknown", func(t *testing.T) {
		wrong := []byte(strings.ReplaceAll(receipt, " ", ""))
		wrong[15] = '0' + (wrong[15]-'0'+1)%10
		res1, body1 := h.client().post("/en/receipt", url.Values{"receipt": {string(wrong)}})
		res2, body2 := h.client().post("/en/receipt", url.Values{"receipt": {"1111 2222 3333 4444"}})
		if res1.StatusCode != res2.StatusCode || !strings.Contains(body1, "We found nothing") || !strings.Contains(body2, "We found nothing") {
			t.Fatalf("wrong %d, unknown %d", res1.StatusCode, res2.StatusCode)
		}
	})
	t.Run("ConsentAndWithdraw", func(t *testing.T) {
		c := h.client()
		_, body := c.post("/en/receipt", url.Values{"receipt": {receipt}})
		id := match(t, regexp.MustCompile(`name="response" value="([^"]+)"`), body)
		res, body := c.post("/en/receipt", url.Values{"receipt": {receipt}, "response": {id}, "action": {"consent"}, "consent": {"aggregate"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="aggregate" checked`) {
			t.Fatalf("consent: %d", res.StatusCode)
		}
		_, body = c.post("/en/receipt", url.Values{"receipt": {receipt}, "response": {id}, "action": {"withdraw"}})
		if !strings.Contains(body, "Take back your answers?") {
			t.Fatal("no confirmation before withdrawal")
		}
		if as, _ := h.st.ResponseAnswers(ctx, id); len(as) == 0 {
			t.Fatal("answers deleted before confirmation")
		}
		_, body = c.post("/en/receipt", url.Values{"receipt": {receipt}, "response": {id}, "action": {"withdraw-confirm"}})
		if !strings.Contains(body, "Your answers have been deleted.") {
			t.Fatal("no withdrawal notice")
		}
		if as, _ := h.st.ResponseAnswers(ctx, id); len(as) != 0 {
			t.Fatalf("%d answers remain after withdrawal", len(as))
		}
	})
}

func TestSaveAndResume(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("resume-me"))
	r := h.respondent(t, "es", "resume-me")
	r.start("aggregate")
	code, body := r.send("save", url.Values{"q.q1": {"no"}, "q.q3": {"12"}})
	if code != http.StatusOK || !strings.Contains(body, `class="receipt"`) {
		t.Fatalf("save: %d\n%s", code, body)
	}
	receipt := match(t, reReceipt, body)
	c := h.client()
	_, page := c.post("/es/receipt", url.Values{"receipt": {receipt}})
	token := match(t, reDraft, page)
	res, resumed := c.post("/es/s/resume-me", url.Values{"draft": {token}, "nav": {""}})
	if res.StatusCode != http.StatusOK || !strings.Contains(resumed, `value="12"`) || !strings.Contains(resumed, `value="no" checked`) {
		t.Fatalf("resume: %d\n%s", res.StatusCode, resumed)
	}
	// Finishing sends with the same receipt and clears the saved draft.
	r2 := &respondent{client: c, t: t, lang: "es", slug: "resume-me", draft: token}
	r2.send("next", url.Values{"q.q1": {"no"}, "q.q3": {"12"}})
	r2.send("next", url.Values{"q.q7": {"Escuchen"}})
	_, done := r2.send("submit", url.Values{"keep_receipt": {"yes"}})
	if got := match(t, reReceipt, done); got != receipt {
		t.Fatalf("finished with receipt %s, saved with %s", got, receipt)
	}
	_, page = c.post("/es/receipt", url.Values{"receipt": {receipt}})
	if strings.Contains(page, "Continue answering") || strings.Contains(page, `name="draft"`) {
		t.Fatal("the saved draft is still offered after sending")
	}
}

// Many taps of "send" at once store one response and show one receipt.
func TestConcurrentDoubleSubmit(t *testing.T) {
	h := newHarness(t)
	sv := h.openSurvey(testSurvey("double-tap"))
	r := h.respondent(t, "en", "double-tap")
	r.start("aggregate")
	r.send("next", url.Values{"q.q1": {"no"}, "q.q3": {"1"}})
	r.send("next", url.Values{"q.q7": {"x"}})
	draft := r.draft
	receipts := make([]string, 8)
	var wg sync.WaitGroup
	for i := range receipts {
		wg.Go(func() {
			_, body := h.client().post("/en/s/double-tap", url.Values{"draft": {draft}, "nav": {"submit"}, "keep_receipt": {"yes"}})
			if m := reReceipt.FindStringSubmatch(body); m != nil {
				receipts[i] = m[1]
			}
		})
	}
	wg.Wait()
	for _, got := range receipts {
		if got == "" || got != receipts[0] {
			t.Fatalf("receipts %v: want one, the same, for every tap", receipts)
		}
	}
	if n, _ := h.st.CountResponses(context.Background(), sv.ID); n != 1 {
		t.Fatalf("%d responses, want 1", n)
	}
}

// With the database down the respondent is told so, with Retry-After, and
// the answers are still in the form; nothing half-written remains.
func TestSubmitDatabaseDown(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("down"))
	r := h.respondent(t, "en", "down")
	r.start("aggregate")
	r.send("next", url.Values{"q.q1": {"no"}, "q.q3": {"1"}})
	r.send("next", url.Values{"q.q7": {"kept"}})
	h.st.Close()
	res, body := r.post("/en/s/down", url.Values{"draft": {r.draft}, "nav": {"submit"}})
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("database down: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "your answers are still here") || !strings.Contains(body, `name="draft"`) || !strings.Contains(body, "kept") {
		t.Fatalf("answers not kept on the 503 page:\n%s", body)
	}
}

func TestRespondentLimits(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Limits = Limits{Submit: privacy.Rate{Events: 3, Per: 60e9}, Receipt: privacy.Rate{Events: 2, Per: 60e9}}
	})
	h.openSurvey(testSurvey("limits"))
	t.Run("ErrHoneypot", func(t *testing.T) {
		res, _ := h.client().post("/en/s/limits", url.Values{"website": {"http://spam.example"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("honeypot filled: %d", res.StatusCode)
		}
	})
	t.Run("ErrReceiptGuessing", func(t *testing.T) {
		var last *http.Response
		var body string
		for range 3 {
			last, body = h.client().post("/en/receipt", url.Values{"receipt": {"1234 5678 9012 3456"}})
		}
		if last.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many tries") || last.Header.Get("Retry-After") == "" {
			t.Fatalf("third guess: %d", last.StatusCode)
		}
	})
}

// A question shown by an answer on the same page appears without blame: the
// page comes back with it, and no refusal.
func TestQuestionAppearsWithoutBlame(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("appear"))
	r := h.respondent(t, "en", "appear")
	r.start("aggregate")
	code, body := r.send("next", url.Values{"q.q1": {"yes"}, "q.q3": {"5"}})
	if code != http.StatusOK || heading(body) != "About support" || !strings.Contains(body, "What helped most?") {
		t.Fatalf("want the same page with the new question, got %d %q", code, heading(body))
	}
	if strings.Contains(body, `class="field-error"`) || strings.Contains(body, `class="errors"`) {
		t.Fatal("the question that just appeared is marked as an error")
	}
	code, body = r.send("next", url.Values{"q.q1": {"yes"}, "q.q3": {"5"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#q-q2">What helped most?</a>`) {
		t.Fatalf("once shown, an unanswered question is refused with a link to it: %d", code)
	}
}
