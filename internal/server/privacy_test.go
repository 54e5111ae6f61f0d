package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/storetest"
)

const (
	canaryIP   = "203.0.113.197"
	canaryIP2  = "198.51.100.231"
	canaryIP3  = "192.0.2.143"
	canaryUA   = "CanaryBrowser/7.31-zqxv"
	canaryRef  = "https://referrer-canary.example/zqxv"
	canaryPath = "zqxvcanarypath"
)

// Requests from a distinctive address and User-Agent leave no trace of
// either in the logs or in the raw database, on every kind of route.
func TestCanaryLeavesNoTrace(t *testing.T) {
	h := newHarness(t)
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	send := func(method, target string, form url.Values, ck *http.Cookie) *http.Response {
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req := httptest.NewRequest(method, target, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.RemoteAddr = canaryIP + ":43210"
		req.Header.Set("X-Forwarded-For", canaryIP2+", "+canaryIP)
		req.Header.Set("X-Real-IP", canaryIP3)
		req.Header.Set("User-Agent", canaryUA)
		req.Header.Set("Referer", canaryRef)
		if ck != nil {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.srv.Handler().ServeHTTP(rec, req)
		return rec.Result()
	}
	for _, target := range []string{"/", "/en/", "/ar/", "/es/" + canaryPath + "?q=" + canaryPath, "/readyz", "/staff/login"} {
		send(http.MethodGet, target, nil, nil)
	}
	// A failed and a good sign-in, an admin action, a sign-out.
	send(http.MethodPost, "/staff/login", url.Values{"email": {"nobody@example.org"}, "password": {canaryPath}, "code": {"1"}}, nil)
	c := h.client()
	c.header.Set("User-Agent", canaryUA)
	c.header.Set("X-Forwarded-For", canaryIP)
	csrf := c.signIn(admin)
	ck := c.cookies[sessionCookie]
	send(http.MethodPost, "/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"new@example.org"}, "role": {"council"}}, ck)
	send(http.MethodPost, "/staff/logout", url.Values{"csrf": {csrf}}, ck)

	logs := h.logs.String()
	if !strings.Contains(logs, `"route":"/:lang/"`) {
		t.Fatalf("request log lines missing; the test would prove nothing:\n%s", logs)
	}
	dump := storetest.Dump(t, h.url)
	if !bytes.Contains(dump, []byte("new@example.org")) {
		t.Fatal("the database dump lacks data written in this test; it would prove nothing")
	}
	for _, canary := range []string{canaryIP, canaryIP2, canaryIP3, canaryUA, "CanaryBrowser", canaryRef, canaryPath} {
		if strings.Contains(logs, canary) {
			t.Errorf("logs contain %q", canary)
		}
		if bytes.Contains(dump, []byte(canary)) {
			t.Errorf("database contains %q", canary)
		}
	}
	for _, field := range []string{"time", "remote", "remote_ip", "user_agent", "ip", "uri", "query"} {
		if strings.Contains(logs, `"`+field+`":`) {
			t.Errorf("logs have a %s field", field)
		}
	}
}

// A respondent's free text, address and User-Agent: afterwards neither the
// address nor the User-Agent is anywhere in the logs or the database, and the
// free text is not in the raw database (it is sealed).
func TestCanarySurveyFreeText(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("canary"))
	const freeText = "ZQXV-FREE-TEXT-CANARY my neighbour Maria"
	r := h.respondent(t, "en", "canary")
	r.header.Set("X-Forwarded-For", canaryIP)
	r.header.Set("X-Real-IP", canaryIP3)
	r.header.Set("User-Agent", canaryUA)
	r.header.Set("Referer", canaryRef)
	r.start("quote")
	r.send("next", url.Values{"q.q1": {"yes"}, "q.q2": {freeText}, "q.q3": {"3"}})
	r.send("next", url.Values{"q.q4": {"legal"}, "q.q5": {"9"}, "q.q6": {"5"}})
	r.send("next", url.Values{"q.q7": {freeText}})
	code, body := r.send("submit", url.Values{"keep_receipt": {"yes"}})
	if code != http.StatusOK {
		t.Fatalf("submit: %d", code)
	}
	receipt := match(t, reReceipt, body)
	r.post("/en/receipt", url.Values{"receipt": {receipt}})

	logs := h.logs.String()
	dump := storetest.Dump(t, h.url)
	if !bytes.Contains(dump, []byte("legal")) {
		t.Fatal("the dump lacks the stored answers; the test would prove nothing")
	}
	for _, canary := range []string{canaryIP, canaryIP3, canaryUA, canaryRef, freeText, "ZQXV-FREE", strings.ReplaceAll(receipt, " ", "")} {
		if strings.Contains(logs, canary) {
			t.Errorf("logs contain %q", canary)
		}
		if bytes.Contains(dump, []byte(canary)) {
			t.Errorf("database contains %q", canary)
		}
	}
}
