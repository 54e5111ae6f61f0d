package server

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

// syncBuffer collects log output from concurrent requests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is the real server on a fresh database, with a settable clock, a
// log buffer at debug level and a catalog that fails the test on any
// untranslated message.
type harness struct {
	t     testing.TB
	srv   *Server
	st    *store.Store
	url   string
	clock *model.FixedClock
	logs  *syncBuffer
}

func newHarness(t testing.TB, opts ...func(*Config)) *harness {
	t.Helper()
	clock := model.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	dbURL := storetest.URL(t)
	st := storetest.OpenURL(t, dbURL, clock)
	cat, err := i18n.Load(i18n.OnMissing(func(lang, id string) {
		t.Errorf("message %q missing in %s", id, lang)
	}))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := privacy.GenerateKeyring()
	if err != nil {
		t.Fatal(err)
	}
	kr, err := privacy.ParseKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cfg := Config{
		PublicURL: "https://voice.test", Argon2: privacy.TestArgon2, Pepper: []byte("test-pepper-test-pepper-test-pepper"),
		Keyring: kr, Clock: clock, Metrics: prometheus.NewRegistry(),
		Logger: NewLogger(logs, slog.LevelDebug),
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := New(st, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, st: st, url: dbURL, clock: clock, logs: logs}
}

// client is one browser: it keeps the staff cookie like a browser would.
type client struct {
	h       *harness
	cookies map[string]*http.Cookie
	header  http.Header // extra request headers
}

func (h *harness) client() *client {
	return &client{h: h, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

// do sends a request through the real router and returns the response with
// its body read.
func (c *client) do(method, target string, form url.Values) (*http.Response, string) {
	c.h.t.Helper()
	if form == nil {
		return c.raw(method, target, "", nil)
	}
	return c.raw(method, target, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// raw sends a request with a body as given.
func (c *client) raw(method, target, contentType string, body io.Reader) (*http.Response, string) {
	c.h.t.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.h.srv.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(target string) (*http.Response, string) {
	return c.do(http.MethodGet, target, nil)
}

func (c *client) post(target string, form url.Values) (*http.Response, string) {
	return c.do(http.MethodPost, target, form)
}

var (
	reCSRF    = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	rePending = regexp.MustCompile(`name="pending" value="([^"]+)"`)
	reSecret  = regexp.MustCompile(`<code class="secret" dir="ltr">([^<]+)</code>`)
	reLink    = regexp.MustCompile(`https://voice\.test/staff/setup/([A-Za-z0-9]+)`)
)

func match(t testing.TB, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page:\n%s", re, body)
	}
	return html.UnescapeString(m[1])
}

// code computes the TOTP code an authenticator app shows at the clock's time.
func (h *harness) code(secret string) string {
	h.t.Helper()
	c, err := totp.GenerateCodeCustom(strings.ReplaceAll(secret, " ", ""), h.clock.Now(),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

const testPassword = "violet lantern harbour 42"

// staff is a set-up staff account with its TOTP secret.
type staff struct {
	email, secret string
	user          *model.StaffUser
}

// newStaff creates an account through the store (as `voice user create`
// does) and sets it up through the one-time link in a browser.
func (h *harness) newStaff(email string, roles ...model.Role) *staff {
	h.t.Helper()
	u, token, err := h.st.CreateStaff(context.Background(), nil, email, roles, "en")
	if err != nil {
		h.t.Fatal(err)
	}
	secret := h.client().setup(token, testPassword)
	u, err = h.st.StaffByID(context.Background(), u.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return &staff{email: email, secret: secret, user: u}
}

// setup completes the set-up page of a link and returns the TOTP secret.
func (c *client) setup(token, password string) string {
	t := c.h.t
	t.Helper()
	res, body := c.get("/staff/setup/" + token)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("setup page: %d\n%s", res.StatusCode, body)
	}
	secret := match(t, reSecret, body)
	res, body = c.post("/staff/setup/"+token, url.Values{"pending": {match(t, rePending, body)},
		"password": {password}, "password2": {password}, "code": {c.h.code(secret)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("setup: %d\n%s", res.StatusCode, body)
	}
	return secret
}

// signIn signs in with a fresh code (the clock moves to the next TOTP step,
// since a code works once) and returns the CSRF token of the dashboard.
func (c *client) signIn(s *staff) string {
	t := c.h.t
	t.Helper()
	c.h.clock.Advance(30 * time.Second)
	res, body := c.post("/staff/login", url.Values{"email": {s.email}, "password": {testPassword}, "code": {c.h.code(s.secret)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/" {
		t.Fatalf("sign-in of %s: %d %s\n%s", s.email, res.StatusCode, res.Header.Get("Location"), body)
	}
	res, body = c.get("/staff/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("dashboard after sign-in: %d", res.StatusCode)
	}
	return match(t, reCSRF, body)
}
