package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/model"
)

func TestSignIn(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.newStaff("admin@example.org", model.RoleAdmin)

	t.Run("OK", func(t *testing.T) {
		c := h.client()
		c.signIn(admin)
		ck := c.cookies[sessionCookie]
		if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" {
			t.Fatalf("session cookie %+v: want __Host- cookie, HttpOnly, Secure, SameSite=Strict, Path=/", ck)
		}
	})

	t.Run("SessionRotated", func(t *testing.T) {
		c := h.client()
		c.signIn(admin)
		old := c.cookies[sessionCookie].Value
		c.signIn(admin)
		if c.cookies[sessionCookie].Value == old {
			t.Fatal("session id not rotated at sign-in")
		}
		stale := h.client()
		stale.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: old}
		if res, _ := stale.get("/staff/"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("old session id still works: %d", res.StatusCode)
		}
	})

	fail := func(t *testing.T, form url.Values) {
		t.Helper()
		c := h.client()
		res, body := c.post("/staff/login", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The email address, the password or the code is not right.") {
			t.Fatalf("want the one refusal, got %d\n%s", res.StatusCode, body)
		}
		if c.cookies[sessionCookie] != nil {
			t.Fatal("a refused sign-in set a session cookie")
		}
	}

	t.Run("ErrWrongCode", func(t *testing.T) {
		h.clock.Advance(30 * time.Second)
		good := h.code(admin.secret)
		bad := "000000"
		if good == bad {
			bad = "111111"
		}
		fail(t, url.Values{"email": {admin.email}, "password": {testPassword}, "code": {bad}})
	})

	t.Run("ErrWrongPassword", func(t *testing.T) {
		h.clock.Advance(30 * time.Second)
		fail(t, url.Values{"email": {admin.email}, "password": {testPassword + "x"}, "code": {h.code(admin.secret)}})
	})

	t.Run("ErrUnknownAccountSameAnswer", func(t *testing.T) {
		fail(t, url.Values{"email": {"nobody@example.org"}, "password": {testPassword}, "code": {"123456"}})
	})

	t.Run("ErrReplayedCode", func(t *testing.T) {
		h.clock.Advance(30 * time.Second)
		code := h.code(admin.secret)
		c := h.client()
		form := url.Values{"email": {admin.email}, "password": {testPassword}, "code": {code}}
		if res, _ := c.post("/staff/login", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first use of code: %d", res.StatusCode)
		}
		fail(t, form)
	})

	t.Run("IdleExpiry", func(t *testing.T) {
		c := h.client()
		c.signIn(admin)
		h.clock.Advance(29 * time.Minute)
		if res, _ := c.get("/staff/"); res.StatusCode != http.StatusOK {
			t.Fatalf("after 29 idle minutes: %d", res.StatusCode)
		}
		h.clock.Advance(30 * time.Minute)
		res, _ := c.get("/staff/")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/login" {
			t.Fatalf("after 30 idle minutes: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	})

	t.Run("AbsoluteExpiry", func(t *testing.T) {
		c := h.client()
		c.signIn(admin)
		for range 12 * 3 { // active every 20 minutes for 12 hours
			h.clock.Advance(20 * time.Minute)
			c.get("/staff/")
		}
		res, _ := c.get("/staff/")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("after 12 hours: %d", res.StatusCode)
		}
	})

	t.Run("SignOut", func(t *testing.T) {
		c := h.client()
		csrf := c.signIn(admin)
		id := c.cookies[sessionCookie].Value
		if res, _ := c.post("/staff/logout", url.Values{"csrf": {"wrong"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("sign-out without the form token: %d", res.StatusCode)
		}
		res, _ := c.post("/staff/logout", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Clear-Site-Data"), `"cookies"`) {
			t.Fatalf("sign-out: %d, Clear-Site-Data %q", res.StatusCode, res.Header.Get("Clear-Site-Data"))
		}
		if _, _, err := h.st.SessionUser(ctx, id); model.ErrorCode(err) != model.CodeUnauthorized {
			t.Fatalf("session still valid server-side after sign-out: %v", err)
		}
	})

	t.Run("DisabledAccount", func(t *testing.T) {
		mod := h.newStaff("mod@example.org", model.RoleModerator)
		mc := h.client()
		mc.signIn(mod)
		ac := h.client()
		csrf := ac.signIn(admin)
		if res, body := ac.post("/staff/admin/users/"+mod.user.ID+"/disable", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d\n%s", res.StatusCode, body)
		}
		if res, _ := mc.get("/staff/"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disabled account's session still works: %d", res.StatusCode)
		}
		h.clock.Advance(30 * time.Second)
		fail(t, url.Values{"email": {mod.email}, "password": {testPassword}, "code": {h.code(mod.secret)}})
	})

	t.Run("Throttled", func(t *testing.T) {
		victim := "throttle@example.org"
		var last *http.Response
		for range 8 {
			last, _ = h.client().post("/staff/login", url.Values{"email": {victim}, "password": {"nope"}, "code": {"000000"}})
		}
		if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
			t.Fatalf("after 8 failures: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
		}
		// Another address is not slowed down by this one.
		res, _ := h.client().post("/staff/login", url.Values{"email": {"other@example.org"}, "password": {"nope"}, "code": {"000000"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("other address: %d", res.StatusCode)
		}
		h.clock.Advance(time.Hour)
		res, _ = h.client().post("/staff/login", url.Values{"email": {victim}, "password": {"nope"}, "code": {"000000"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("after waiting: %d", res.StatusCode)
		}
	})

	t.Run("Audited", func(t *testing.T) {
		evs, err := h.st.AuditPage(ctx, 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range evs {
			seen[e.Action] = true
			if e.Action == model.AuditSignInFailure && strings.Contains(e.TargetEmail+e.Detail+e.ActorEmail, "nobody@") {
				t.Fatal("a failed sign-in for an unknown address recorded the address typed")
			}
		}
		for _, a := range []string{model.AuditUserCreate, model.AuditUserSetup, model.AuditSignIn, model.AuditSignInFailure, model.AuditSignOut, model.AuditUserDisable} {
			if !seen[a] {
				t.Errorf("no %s in the audit log", a)
			}
		}
	})
}

func TestSetup(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, token, err := h.st.CreateStaff(ctx, nil, "new.person@example.org", model.Roles{model.RoleCouncil}, "es")
	if err != nil {
		t.Fatal(err)
	}
	c := h.client()
	_, page := c.get("/staff/setup/" + token)
	if !strings.Contains(page, "<svg") || strings.Contains(page, "http://") && !strings.Contains(page, "http://www.w3.org/2000/svg") {
		t.Fatal("set-up page has no inline QR code, or refers to another site")
	}
	secret := match(t, reSecret, page)
	pending := match(t, rePending, page)
	post := func(pw, pw2, code string) (int, string) {
		res, body := c.post("/staff/setup/"+token, url.Values{"pending": {pending}, "password": {pw}, "password2": {pw2}, "code": {code}})
		return res.StatusCode, body
	}
	cases := []struct {
		name, pw, pw2, code, want string
	}{
		{"ErrTooShort", "short pass", "short pass", h.code(secret), "at least 12 characters"},
		{"ErrBreached", "password1234", "password1234", h.code(secret), "too common"},
		{"ErrContainsEmail", "new.person@example.org!", "new.person@example.org!", h.code(secret), "must not contain your email"},
		{"ErrMismatch", testPassword, testPassword + "!", h.code(secret), "not the same"},
		{"ErrWrongCode", testPassword, testPassword, "12345x", "code from the app is not right"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := post(tc.pw, tc.pw2, tc.code)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
				t.Fatalf("want 422 with %q, got %d\n%s", tc.want, code, body)
			}
			if got := match(t, reSecret, body); got != secret {
				t.Fatalf("the secret changed on error: %q → %q", secret, got)
			}
		})
	}
	t.Run("ErrTamperedPending", func(t *testing.T) {
		res, _ := c.post("/staff/setup/"+token, url.Values{"pending": {pending + "x"}, "password": {testPassword}, "password2": {testPassword}, "code": {h.code(secret)}})
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("tampered pending secret: %d", res.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		code, body := post(testPassword, testPassword, h.code(secret))
		if code != http.StatusSeeOther {
			t.Fatalf("set-up: %d\n%s", code, body)
		}
	})
	t.Run("ErrLinkUsedTwice", func(t *testing.T) {
		res, _ := c.get("/staff/setup/" + token)
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("used link: %d", res.StatusCode)
		}
	})
	t.Run("ErrLinkExpired", func(t *testing.T) {
		_, token2, err := h.st.CreateStaff(ctx, nil, "late@example.org", model.Roles{model.RoleCouncil}, "en")
		if err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(24 * time.Hour)
		if res, _ := c.get("/staff/setup/" + token2); res.StatusCode != http.StatusNotFound {
			t.Fatalf("expired link: %d", res.StatusCode)
		}
	})
}
