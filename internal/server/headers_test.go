package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// wantHeaders are required on every response (ARCHITECTURE.md §3.2, §3.5).
var wantHeaders = map[string][]string{
	"Content-Security-Policy":      {"default-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'", "form-action 'self'", "script-src 'self'"},
	"X-Content-Type-Options":       {"nosniff"},
	"Referrer-Policy":              {"no-referrer"},
	"Cross-Origin-Opener-Policy":   {"same-origin"},
	"Cross-Origin-Resource-Policy": {"same-origin"},
	"Permissions-Policy":           {"camera=()", "microphone=()", "geolocation=()"},
	"Strict-Transport-Security":    {"max-age="}, // the harness's public URL is https
}

func checkHeaders(t *testing.T, res *http.Response, static bool) {
	t.Helper()
	for name, parts := range wantHeaders {
		v := res.Header.Get(name)
		for _, p := range parts {
			if !strings.Contains(v, p) {
				t.Errorf("%s: %q lacks %q", name, v, p)
			}
		}
	}
	if cc := res.Header.Get("Cache-Control"); !static && cc != "no-store" {
		t.Errorf("Cache-Control %q on a dynamic page, want no-store", cc)
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
}

// Every route, walked from the router, plus the 404 and 500 pages, carries
// the security headers; respondent and public pages set no cookie.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	h := newHarness(t)
	h.srv.echo.GET("/test/panic", func(echo.Context) error { panic("boom") })
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	for _, signedIn := range []bool{false, true} {
		c := h.client()
		csrf := ""
		if signedIn {
			csrf = c.signIn(admin)
		}
		for _, r := range h.srv.Routes() {
			if r.Method == echo.RouteNotFound || r.Path == "/staff/logout" {
				continue
			}
			target := h.target(r.Path, admin.user.ID)
			t.Run(r.Method+" "+target, func(t *testing.T) {
				var res *http.Response
				if r.Method == http.MethodPost {
					res, _ = c.post(target, url.Values{"csrf": {csrf}})
				} else {
					res, _ = c.get(target)
				}
				checkHeaders(t, res, r.Path == "/static/:name" && res.StatusCode == http.StatusOK)
				if !strings.HasPrefix(r.Path, "/staff") && len(res.Cookies()) > 0 {
					t.Errorf("a respondent or public route set a cookie: %v", res.Cookies())
				}
				if r.Path == "/:lang/" && res.StatusCode != http.StatusOK {
					t.Errorf("landing page: %d", res.StatusCode)
				}
			})
		}
	}
	for target, status := range map[string]int{"/no/such/page": 404, "/en/no-such-page": 404, "/xx/": 404, "/test/panic": 500} {
		res, body := h.client().get(target)
		if res.StatusCode != status {
			t.Errorf("%s: %d, want %d", target, res.StatusCode, status)
		}
		checkHeaders(t, res, false)
		if strings.Contains(body, "boom") || strings.Contains(body, "goroutine") {
			t.Errorf("%s shows internals:\n%s", target, body)
		}
		if len(res.Cookies()) > 0 {
			t.Errorf("%s set a cookie", target)
		}
	}
	if !strings.Contains(h.logs.String(), "panic: boom") {
		t.Error("the panic was not logged")
	}
}

func TestErrorPages(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	cases := []struct {
		name   string
		do     func() (*http.Response, string)
		status int
		text   string
	}{
		{"NotFoundSpanish", func() (*http.Response, string) { return c.get("/es/nada") }, 404, `lang="es"`},
		{"NotFoundArabicRTL", func() (*http.Response, string) { return c.get("/ar/nada") }, 404, `dir="rtl"`},
		{"TooLarge", func() (*http.Response, string) {
			return c.post("/staff/login", url.Values{"email": {strings.Repeat("a", 2<<20)}})
		}, 413, "too large"},
		{"MalformedForm", func() (*http.Response, string) {
			return c.raw(http.MethodPost, "/staff/login", "application/x-www-form-urlencoded", strings.NewReader("email=%zz"))
		}, 400, "could not be understood"},
		{"MethodNotAllowed", func() (*http.Response, string) { return c.do(http.MethodDelete, "/en/", nil) }, 404, "does not exist"},
		{"BadAuditCursor", func() (*http.Response, string) {
			admin := h.newStaff("admin@example.org", model.RoleAdmin)
			ac := h.client()
			ac.signIn(admin)
			return ac.get("/staff/audit?before=x")
		}, 400, "could not be understood"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := tc.do()
			if res.StatusCode != tc.status || !strings.Contains(body, tc.text) {
				t.Fatalf("want %d with %q, got %d\n%s", tc.status, tc.text, res.StatusCode, body)
			}
		})
	}
}

func TestDatabaseDown(t *testing.T) {
	h := newHarness(t)
	h.st.Close()
	for _, target := range []string{"/readyz", "/staff/login"} {
		res, body := h.client().do(http.MethodGet, target, nil)
		if target == "/staff/login" {
			// The sign-in form needs no database; sending it does.
			res, body = h.client().post(target, url.Values{"email": {"a@example.org"}, "password": {"x"}, "code": {"1"}})
		}
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s with the database down: %d, Retry-After %q\n%s", target, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	if res, _ := h.client().get("/healthz"); res.StatusCode != http.StatusOK {
		t.Fatalf("healthz with the database down: %d (the process is up)", res.StatusCode)
	}
}
