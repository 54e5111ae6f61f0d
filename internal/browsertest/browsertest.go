// Package browsertest drives Debian's Chromium, headless, from Go tests
// (chromedp), and records every request the page makes. Without Chromium the
// tests skip with a message saying how to install it; under CI=true a skip
// is a failure.
package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with a fresh profile.
type Browser struct {
	Ctx context.Context

	mu       sync.Mutex
	requests []string
}

// Path returns the Chromium binary, skipping the test when there is none.
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("VOICE_CHROMIUM"), "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but Chromium is not installed: .ci/run installs Debian's chromium package")
	}
	t.Skip("browser test: install Chromium to run it (Debian: apt-get install chromium), or set VOICE_CHROMIUM")
	return ""
}

// New starts Chromium for the test; it is stopped at cleanup.
func New(t testing.TB) *Browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(360, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &Browser{Ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if err := chromedp.Do(ctx, Call(network.Enable, network.EnableParams{})); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// A cheap phone's screen: headless Chromium does not size the page to
	// the window.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return b
}

// Call runs one DevTools protocol command as an action.
func Call[P, R any](c cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, c, params)
		return err
	})
}

// Get runs one DevTools protocol command and returns its result.
func Get[P, R any](ctx context.Context, c cdp.Command[P, R], params P) (R, error) {
	var r R
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		r, err = cdp.Call(ctx, t, c, params)
		return err
	}))
	return r, err
}

// Requests returns every URL requested so far, and forgets them.
func (b *Browser) Requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.requests
	b.requests = nil
	return r
}

// Violation is one accessibility rule that axe-core found broken.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// axeSource finds axe-core, installed by `npm ci --prefix internal/browsertest/axe`
// (.ci/run does it). Without it the test skips, except under CI=true.
func axeSource(t testing.TB) string {
	t.Helper()
	_, file, _, _ := goruntime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but axe-core is not installed: run npm ci --prefix internal/browsertest/axe")
		}
		t.Skip("accessibility check: install axe-core with npm ci --prefix internal/browsertest/axe")
	}
	return string(b)
}

// SeriousViolations runs axe-core in the current page (injected through the
// DevTools protocol, so the page's CSP stays as it is) and returns the
// serious and critical violations. axe-core is JavaScript: it turns script
// execution back on for the page.
func (b *Browser) SeriousViolations(t testing.TB) []Violation {
	t.Helper()
	src := axeSource(t)
	if err := chromedp.Do(b.Ctx, Call(emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](src+";true")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}
