package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/survivorvoice/voice/internal/browsertest"
)

// A complete survey in a real browser, with JavaScript off and on, in
// English and Arabic: no cookie, no storage, no request to another origin,
// no serious accessibility problem on any page, and a receipt at the end.
func TestBrowserSurvey(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("browser-survey"))
	site := httptest.NewServer(h.srv.Handler())
	defer site.Close()
	digits := regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4}$`)

	for _, js := range []bool{false, true} {
		for _, lang := range []string{"en", "ar"} {
			name := lang + map[bool]string{false: "/js-off", true: "/js-on"}[js]
			t.Run(name, func(t *testing.T) {
				b := browsertest.New(t)
				noScript := browsertest.Call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js})
				check := func(page string) {
					t.Helper()
					for _, u := range b.Requests() {
						if !strings.HasPrefix(u, site.URL+"/") {
							t.Errorf("%s: request to another origin: %s", page, u)
						}
					}
					for _, v := range b.SeriousViolations(t) {
						t.Errorf("%s: accessibility: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
					}
					if err := chromedp.Do(b.Ctx, noScript); err != nil { // axe turned scripts on
						t.Fatal(err)
					}
				}
				click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
				steps := []struct {
					page    string
					actions []chromedp.Action[chromedp.Void]
				}{
					{"introduction", []chromedp.Action[chromedp.Void]{noScript, chromedp.Navigate(site.URL + "/" + lang + "/s/browser-survey"), chromedp.WaitVisible(chromedp.CSS("form button[type=submit]"))}},
					{"section 1", []chromedp.Action[chromedp.Void]{click(`input[name=consent][value=quote]`), click("form button[type=submit]"), chromedp.WaitVisible(chromedp.CSS(`input[name="q.q1"][value=yes]`))}},
					{"section 1 answered", []chromedp.Action[chromedp.Void]{click(`input[name="q.q1"][value=yes]`), chromedp.SendKeys(chromedp.CSS(`input[name="q.q3"]`), "4"),
						click(`button[value=next]`), chromedp.WaitVisible(chromedp.CSS(`textarea[name="q.q2"]`))}},
					{"section 2", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(`textarea[name="q.q2"]`), "The lawyer at the shelter."),
						click(`button[value=next]`), chromedp.WaitVisible(chromedp.CSS(`input[name="q.q4"][value=housing]`))}},
					{"section 3", []chromedp.Action[chromedp.Void]{click(`input[name="q.q4"][value=housing]`), click(`input[name="q.q5"][value="8"]`), click(`input[name="q.q6"][value=_declined]`),
						click(`button[value=next]`), chromedp.WaitVisible(chromedp.CSS(`input[name="q.q7"]`))}},
					{"review", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(`input[name="q.q7"]`), "Listen"),
						click(`button[value=next]`), chromedp.WaitVisible(chromedp.CSS(`button[value=submit]`))}},
					{"receipt", []chromedp.Action[chromedp.Void]{click(`button[value=submit]`), chromedp.WaitVisible(chromedp.CSS(`p.receipt`))}},
				}
				for _, st := range steps {
					if err := chromedp.Do(b.Ctx, st.actions...); err != nil {
						t.Fatalf("%s: %v", st.page, err)
					}
					check(st.page)
				}
				receipt, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS("p.receipt")))
				if err != nil || !digits.MatchString(strings.TrimSpace(receipt)) {
					t.Fatalf("receipt %q: %v", receipt, err)
				}
				if cookies, storage, idb := deviceTrace(t, b); len(cookies) > 0 || storage > 0 || idb > 0 {
					t.Errorf("trace left on the device: %d cookies, %d storage items, %d IndexedDB databases", len(cookies), storage, idb)
				}
				// The quick exit is on the receipt page too.
				if n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll("#quick-exit").length`)); err != nil || n != 1 {
					t.Errorf("quick exit on the receipt page: %d (%v)", n, err)
				}
			})
		}
	}
	_ = http.StatusOK
}
