package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/survivorvoice/voice/internal/browsertest"
	"github.com/survivorvoice/voice/internal/model"
)

// deviceTrace reads what a page left in the browser: cookies, storage and
// IndexedDB databases.
func deviceTrace(t *testing.T, b *browsertest.Browser) (cookies []*network.Cookie, storage int, idb int) {
	t.Helper()
	res, err := browsertest.Get(b.Ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	if storage, err = chromedp.Run(b.Ctx, chromedp.Evaluate[int](`localStorage.length + sessionStorage.length`)); err != nil {
		t.Fatal(err)
	}
	if idb, err = chromedp.Run(b.Ctx, chromedp.Evaluate[int](`indexedDB.databases().then(d => d.length)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	return res.Cookies, storage, idb
}

// The respondent landing page in a real browser, with JavaScript off and on,
// in English and Arabic: no cookie, no storage, no request to another origin,
// and the quick exit leaves (by click, and by Shift three times).
func TestBrowserRespondentPage(t *testing.T) {
	exit := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("neutral")) }))
	defer exit.Close()
	h := newHarness(t, func(c *Config) { c.ExitURL = exit.URL + "/weather" })
	site := httptest.NewServer(h.srv.Handler())
	defer site.Close()

	for _, js := range []bool{false, true} {
		for _, lang := range []string{"en", "ar"} {
			name := lang + "/js-off"
			if js {
				name = lang + "/js-on"
			}
			t.Run(name, func(t *testing.T) {
				b := browsertest.New(t)
				err := chromedp.Do(b.Ctx,
					browsertest.Call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js}),
					chromedp.Navigate(site.URL+"/"+lang+"/"),
					chromedp.WaitVisible(chromedp.ID("quick-exit")),
				)
				if err != nil {
					t.Fatal(err)
				}
				dir, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.documentElement.dir`))
				if err != nil {
					t.Fatal(err)
				}
				if want := map[string]string{"en": "ltr", "ar": "rtl"}[lang]; dir != want {
					t.Errorf("dir=%q, want %q", dir, want)
				}
				for _, v := range b.SeriousViolations(t) {
					t.Errorf("accessibility: %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
				}
				for _, u := range b.Requests() {
					if !strings.HasPrefix(u, site.URL+"/") {
						t.Errorf("request to another origin: %s", u)
					}
				}
				if cookies, storage, idb := deviceTrace(t, b); len(cookies) > 0 || storage > 0 || idb > 0 {
					t.Errorf("trace left on the device: %d cookies, %d storage items, %d IndexedDB databases", len(cookies), storage, idb)
				}
				before, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`history.length`))
				if err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(b.Ctx, chromedp.Click(chromedp.ID("quick-exit")), waitURL(exit.URL)); err != nil {
					t.Fatalf("quick exit: %v", err)
				}
				if js {
					// The exit replaced the site's history entry instead of adding one.
					after, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`history.length`))
					if err != nil || after != before {
						t.Errorf("history went from %d to %d entries with the quick exit: it did not replace the entry (%v)", before, after, err)
					}
					// Shift three times leaves too.
					err = chromedp.Do(b.Ctx,
						chromedp.Navigate(site.URL+"/"+lang+"/"),
						chromedp.WaitVisible(chromedp.ID("quick-exit")),
						pressShift(), pressShift(), pressShift(),
						waitURL(exit.URL),
					)
					if err != nil {
						t.Fatalf("Shift three times: %v", err)
					}
				}
			})
		}
	}
}

func pressShift() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16, Modifiers: 8}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Shift", Code: "ShiftLeft", WindowsVirtualKeyCode: 16}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	})
}

// waitURL waits until the page's address starts with prefix.
func waitURL(prefix string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for range 100 {
			res, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{Expression: "location.href", ReturnByValue: new(true)})
			if err == nil && res.Result != nil && strings.HasPrefix(strings.Trim(string(res.Result.Value), `"`), prefix) {
				return nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return context.DeadlineExceeded
	})
}

// A staff member sets up an account and signs in with a real browser: the
// __Host- session cookie works on a loopback address over plain HTTP.
func TestBrowserStaffSignIn(t *testing.T) {
	h := newHarness(t)
	site := httptest.NewServer(h.srv.Handler())
	defer site.Close()
	_, token, err := h.st.CreateStaff(context.Background(), nil, "admin@example.org", model.Roles{model.RoleAdmin}, "en")
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	err = chromedp.Do(b.Ctx,
		browsertest.Call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}),
		chromedp.Navigate(site.URL+"/staff/setup/"+token),
	)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS("code.secret")))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(b.Ctx,
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("password2"), testPassword),
		chromedp.SendKeys(chromedp.ID("code"), h.code(secret)),
		chromedp.Submit(chromedp.ID("code")),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(30 * time.Second)
	err = chromedp.Do(b.Ctx,
		chromedp.SendKeys(chromedp.ID("email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("code"), h.code(secret)),
		chromedp.Submit(chromedp.ID("code")),
		chromedp.WaitVisible(chromedp.CSS(".staff-nav")),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if heading != "Dashboard" {
		t.Fatalf("after sign-in the page says %q, want the dashboard", heading)
	}
	for _, v := range b.SeriousViolations(t) {
		t.Errorf("accessibility of the dashboard: %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
	}
	cookies, _, _ := deviceTrace(t, b)
	if len(cookies) != 1 || cookies[0].Name != sessionCookie || !cookies[0].HTTPOnly || !cookies[0].Secure {
		t.Fatalf("cookies after sign-in: %+v", cookies)
	}
}
