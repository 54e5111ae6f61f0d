package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/browsertest"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// modStaff creates a staff member of roles; for a moderator, an admin sets
// the languages langs through the staff pages.
func (h *harness) modStaff(t *testing.T, email string, langs []string, roles ...model.Role) *staff {
	t.Helper()
	s := h.newStaff(email, roles...)
	if len(langs) > 0 {
		admin := h.client()
		csrf := admin.signIn(h.newStaff("langs-"+email, model.RoleAdmin))
		res, body := admin.post("/staff/admin/users/"+s.user.ID+"/languages", url.Values{"csrf": {csrf}, "language": langs})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set languages: %d\n%s", res.StatusCode, body)
		}
	}
	return s
}

// modSignIn signs s in to the browser through the sign-in page, typing the
// fields and pressing Enter in the last one. Any earlier session's cookie
// is dropped first.
func modSignIn(t *testing.T, h *harness, b *browsertest.Browser, site string, s *staff) {
	t.Helper()
	h.clock.Advance(30 * time.Second) // a TOTP code works once
	err := chromedp.Do(b.Ctx,
		browsertest.Call(network.ClearBrowserCookies, cdp.Empty{}),
		chromedp.Navigate(site+"/staff/login"),
		chromedp.SendKeys(chromedp.ID("email"), s.email),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.SendKeys(chromedp.ID("code"), h.code(s.secret)+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".staff-nav")),
	)
	if err != nil {
		t.Fatalf("sign-in of %s: %v", s.email, err)
	}
}

// modVisit loads a staff page and waits for its heading.
func modVisit(t *testing.T, b *browsertest.Browser, site, path string) {
	t.Helper()
	if err := chromedp.Do(b.Ctx, chromedp.Navigate(site+path), chromedp.WaitReady(chromedp.CSS("main h1"))); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// modMark marks the current document, so that modAwait can tell when a
// new one has replaced it.
var modMark = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := chromedp.Evaluate[bool](`window.__kbMark = true`)(ctx, t)
	return err
})

// modState is what the keyboard test reads of the page: where it is, what
// has focus, and how many Tab presses lead from the focused element to the
// reject reason.
type modState struct {
	Marked, Ready    bool
	Path, H1, Notice string
	Active, Reason   string
	TabsToReason     int
	Items            int
	Empty            bool
	PositiveTabIndex int
}

const modStateJS = `(() => {
	const describe = e => {
		if (!e || e === document.body) return "body";
		let d = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
		if (e.getAttribute("value") !== null && e.tagName !== "SELECT") d += "[value=" + e.getAttribute("value") + "]";
		if (e.getAttribute("href") !== null) d += "[href=" + e.getAttribute("href") + "]";
		return d;
	};
	const tabbable = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(e =>
		!e.disabled && e.type !== "hidden" && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
	const reason = document.getElementById("reason");
	const text = sel => { const e = document.querySelector(sel); return e ? e.textContent.trim() : ""; };
	return JSON.stringify({
		marked: window.__kbMark === true,
		ready: document.readyState === "complete",
		path: location.pathname,
		h1: text("main h1"),
		notice: text("main .notice"),
		active: describe(document.activeElement),
		reason: reason ? reason.value : "",
		tabsToReason: reason ? tabbable.indexOf(reason) - tabbable.indexOf(document.activeElement) : -1,
		items: new Set([...document.querySelectorAll('a[href^="/staff/moderation/items/"]')].map(a => a.getAttribute("href"))).size,
		empty: document.querySelector("main p.empty") !== null,
		positiveTabIndex: [...document.querySelectorAll("[tabindex]")].filter(e => e.tabIndex > 0).length,
	});
})()`

func modRead(ctx context.Context) (modState, error) {
	var st modState
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](modStateJS))
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal([]byte(s), &st)
}

// modAwait waits until a new, loaded document has replaced the marked one,
// then gives autofocus a moment to reach an element whose description
// starts with focus. It returns the page as it then is.
func modAwait(t *testing.T, b *browsertest.Browser, focus string) modState {
	t.Helper()
	var st modState
	var err error
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err = modRead(b.Ctx)
		if err == nil && !st.Marked && st.Ready && st.H1 != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new page: %+v (%v)", st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	for end := time.Now().Add(2 * time.Second); focus != "" && !strings.HasPrefix(st.Active, focus) && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
		if next, err := modRead(b.Ctx); err == nil {
			st = next
		}
	}
	return st
}

// modReport is what modCheckPage finds wrong with a page showing untrusted
// text.
type modReport struct {
	Pwned       bool
	Injected    []string // elements inside untrusted text that the templates do not make
	Active      []string // elements and attributes that could run, load or cover something
	BodyShown   bool
	Covered     []string
	ScrollWidth int
	InnerWidth  int
	Bidi        []string // untrusted text that is not isolated
	UGC         int
	Marks       int      // highlighted or masked details inside untrusted text
	Missing     []string // hostile strings the page should show as text
}

const modCheckJS = `((approve, texts) => {
	const r = {pwned: typeof window.__pwned !== "undefined", injected: [], active: [], covered: [], bidi: [], missing: []};
	const describe = e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
	const ugc = [...document.querySelectorAll(".ugc, .ugc-inline")];
	r.ugc = ugc.length;
	r.marks = document.querySelectorAll(".ugc mark.pii").length;
	for (const u of ugc) {
		for (const e of u.querySelectorAll("*")) {
			if (!e.matches("mark.pii, mark.pii > bdi, mark.pii > span.kind")) r.injected.push(describe(e) + " inside " + describe(u));
		}
	}
	for (const e of document.querySelectorAll("script, style, img, iframe, frame, object, embed, svg, math, video, audio, base, body link, meta[http-equiv], [style], [href^='javascript:' i], [action^='javascript:' i], [formaction]")) {
		r.active.push(describe(e));
	}
	for (const e of document.querySelectorAll("*")) {
		for (const a of e.attributes) if (/^on/i.test(a.name)) r.active.push(describe(e) + "[" + a.name + "]");
		if (e.closest("body") && getComputedStyle(e).position === "fixed") r.active.push("position:fixed " + describe(e));
	}
	const bs = getComputedStyle(document.body);
	r.bodyShown = bs.display !== "none" && bs.visibility === "visible" && Number(bs.opacity) > 0 && document.body.getBoundingClientRect().height > 0;
	const uncovered = sel => {
		const e = document.querySelector(sel);
		if (!e) return sel + " is missing";
		e.scrollIntoView({block: "center", inline: "center"});
		const b = e.getBoundingClientRect();
		const at = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
		return at && (at === e || e.contains(at)) ? "" : sel + " is covered by " + (at ? describe(at) : "nothing");
	};
	r.covered = [uncovered("main h1"), approve ? uncovered("button[name=action][value=approve]") : ""].filter(Boolean);
	window.scrollTo(0, 0);
	r.scrollWidth = document.documentElement.scrollWidth;
	r.innerWidth = window.innerWidth;
	for (const e of document.querySelectorAll(".ugc, .ugc-inline, bdi")) {
		const ub = getComputedStyle(e).unicodeBidi;
		if (!["isolate", "plaintext", "isolate-override"].includes(ub)) r.bidi.push(describe(e) + " has unicode-bidi: " + ub);
		if (e.matches(".ugc") && e.getAttribute("dir") !== "auto") r.bidi.push(describe(e) + " has dir=" + e.getAttribute("dir"));
	}
	const shown = document.body.textContent;
	r.missing = texts.filter(s => !shown.includes(s));
	return JSON.stringify(r);
})`

// modCheckPage checks that the page in b shows untrusted text as text only:
// nothing of it runs, loads, styles or covers the page, it does not widen
// the page, and its direction stays inside it. On an item page (approve)
// the Approve button is where a click lands. texts are hostile strings the
// page must show literally.
func modCheckPage(t *testing.T, b *browsertest.Browser, name string, approve bool, texts ...string) modReport {
	t.Helper()
	args, _ := json.Marshal(append([]string{}, texts...))
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](fmt.Sprintf("%s(%t, %s)", modCheckJS, approve, args)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var r modReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Pwned {
		t.Errorf("%s: an injected script ran (window.__pwned is set)", name)
	}
	for _, s := range r.Injected {
		t.Errorf("%s: element made from untrusted text: %s", name, s)
	}
	for _, s := range r.Active {
		t.Errorf("%s: unexpected active content: %s", name, s)
	}
	if !r.BodyShown {
		t.Errorf("%s: the page body is hidden", name)
	}
	for _, s := range r.Covered {
		t.Errorf("%s: %s", name, s)
	}
	if r.ScrollWidth > r.InnerWidth+1 {
		t.Errorf("%s: the page scrolls sideways: %d px wide in a %d px window", name, r.ScrollWidth, r.InnerWidth)
	}
	for _, s := range r.Bidi {
		t.Errorf("%s: untrusted text not isolated: %s", name, s)
	}
	for _, s := range r.Missing {
		t.Errorf("%s: the page does not show the text %q literally", name, s)
	}
	return r
}

func modAxe(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	for _, v := range b.SeriousViolations(t) {
		t.Errorf("%s: accessibility: %s (%s): %s at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

// Hostile text written through the respondent channel, in English and
// Arabic, shown to a moderator, the council and an admin in a browser with
// JavaScript on and the Content Security Policy bypassed, so that only the
// templates' escaping stands between the text and the page.
func TestBrowserModerationHostileText(t *testing.T) {
	const (
		pwnScript = `<script>window.__pwned=1</script>`
		pwnImg    = `<img src=x onerror="window.__pwned=2">`
		pwnLink   = `<a href="javascript:window.__pwned=3">click</a>`
		pwnStyle  = `<style>body{display:none}</style>`
		pwnCover  = `<div style="position:fixed;inset:0;background:red">`
		pwnBreak  = `</div></bdi></mark></section>"'><svg onload=window.__pwned=4>`
		rlo       = "\u202E"
	)
	hostile := pwnScript + " " + pwnImg + " " + pwnLink + "\n" + pwnStyle + pwnCover + "\n" + pwnBreak + "\n"
	en := "Hello, call me on +44 7700 900123 or write to ana.k@example.org\n" + hostile +
		"\u2066isolated\u2069 then \u2067right to left\u2069 and \u2068first strong\u2069 \u200Fmark \u2067unclosed isolate\n" +
		rlo + "evil reversed text and the rest of the message"
	long := "Longword: " + strings.Repeat("Antidisestablishmentarianism", 68)
	link := "Look at https://example.org/" + strings.Repeat("path0123456789", 130)
	ar := "مرحبا، اتصل بي على +971 50 123 4567 أو راسلني على salma.r@example.org\n" + hostile +
		rlo + "نص معكوس English inside \u2067عربي\u2069 \u200F مزيج of Arabic and Latin نص 2026"
	arFollowup := "متابعة " + pwnScript + " " + rlo + strings.Repeat("كلمة", 300)
	for _, s := range []string{en, long, link, ar, arFollowup} {
		if n := len([]rune(s)); n > model.MessageMax {
			t.Fatalf("a test message has %d characters", n)
		}
	}

	h := newHarness(t)
	h.channelAdmin(t, "talk", "en", "ar")
	site := httptest.NewServer(h.srv.Handler())
	defer site.Close()
	anon := h.client()
	for _, m := range []struct{ lang, text string }{{"en", en}, {"en", long}, {"en", link}} {
		if _, res, body := postMessage(t, anon, m.lang, "talk", m.text); res.StatusCode != http.StatusOK {
			t.Fatalf("post: %d\n%s", res.StatusCode, body)
		}
	}
	_, res, body := postMessage(t, anon, "ar", "talk", ar)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("post: %d\n%s", res.StatusCode, body)
	}
	receipt := match(t, reReceipt, body)
	_, body = anon.post("/ar/receipt", url.Values{"receipt": {receipt}})
	f := url.Values{"receipt": {receipt}, "action": {"followup"}, "thread": {match(t, reThread, body)},
		"token": {match(t, reToken, body)}, "text": {arFollowup}}
	if res, body := anon.post("/ar/receipt", f); res.StatusCode != http.StatusOK {
		t.Fatalf("follow-up: %d\n%s", res.StatusCode, body)
	}

	// The items by their text.
	ctx := context.Background()
	pending, err := h.st.ModerationQueue(ctx, store.QueueQuery{AllLanguages: true})
	if err != nil || len(pending) != 5 {
		t.Fatalf("%d pending items (%v)", len(pending), err)
	}
	ids := map[string]string{}
	for i := range pending {
		text, err := h.srv.itemText(&pending[i])
		if err != nil {
			t.Fatal(err)
		}
		ids[text] = pending[i].ID
	}

	// Another moderator masks a phrase that starts with the override, and
	// adds a hostile term to the list.
	other, ocsrf := h.moderator(t, "mod-other@example.org", "en")
	if res, body := act(t, other, ocsrf, ids[en], "mask", url.Values{"phrase": {rlo + "evil reversed"}, "phrase_kind": {"term"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mask: %d\n%s", res.StatusCode, body)
	}
	term := `<img src=x onerror="window.__pwned=6">` + rlo + "Farm"
	if res, _ := other.post("/staff/moderation/terms", url.Values{"csrf": {ocsrf}, "term": {term}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add term: %d", res.StatusCode)
	}

	mod := h.modStaff(t, "mod-hostile@example.org", []string{"en", "ar"}, model.RoleModerator)
	council := h.newStaff("council-hostile@example.org", model.RoleCouncil)
	admin := h.newStaff("admin-hostile@example.org", model.RoleAdmin)

	b := browsertest.New(t)
	// With the page's Content Security Policy off, an escaping bug would let
	// injected script and styles run: the checks below would see it.
	err = chromedp.Do(b.Ctx, browsertest.Call(cdppage.SetBypassCSP, cdppage.SetBypassCSPParams{Enabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	modSignIn(t, h, b, site.URL, mod)

	modVisit(t, b, site.URL, "/staff/moderation")
	if r := modCheckPage(t, b, "queue", false, pwnScript, pwnImg, pwnLink, pwnStyle, pwnCover, "مرحبا"); r.UGC != 5 || r.Marks < 4 {
		t.Errorf("the queue shows %d texts with %d details highlighted, want 5 texts and the 4 details", r.UGC, r.Marks)
	}
	modAxe(t, b, "queue")

	modVisit(t, b, site.URL, "/staff/moderation/terms")
	modCheckPage(t, b, "terms", false, term)
	modAxe(t, b, "terms")

	// Each item page, then its action: every item is approved except the
	// Arabic message, which is flagged for safeguarding.
	order := []struct{ name, text string }{{"english", en}, {"long word", long}, {"long link", link}, {"arabic", ar}, {"arabic follow-up", arFollowup}}
	for _, it := range order {
		name := "item " + it.name
		modVisit(t, b, site.URL, "/staff/moderation/items/"+ids[it.text])
		var texts []string
		switch it.text {
		case en:
			texts = []string{pwnScript, pwnImg, pwnLink, pwnStyle, pwnCover, pwnBreak, "\u2067unclosed isolate", rlo + "evil reversed"}
		case arFollowup:
			texts = []string{pwnScript, pwnImg, "مرحبا"} // the thread shows the first message
		case ar:
			texts = []string{pwnScript, pwnImg, pwnLink}
		}
		r := modCheckPage(t, b, name, true, texts...)
		if (it.text == en || it.text == ar) && r.Marks < 2 {
			t.Errorf("%s: %d details highlighted, want the phone number and the email at least", name, r.Marks)
		}
		modAxe(t, b, name)
		if it.text == en {
			modCheckOverride(t, b)
			// A reply with personal details comes back with its findings shown.
			err := chromedp.Do(b.Ctx,
				chromedp.SetValue(chromedp.ID("reply"), "Thanks "+hostile+rlo+"call +44 7700 900123"),
				modMark,
				chromedp.Click(chromedp.CSS(`form[action$="/reply"] button[type=submit]`)),
			)
			if err != nil {
				t.Fatal(err)
			}
			if st := modAwait(t, b, ""); !strings.Contains(st.H1, "Moderate") {
				t.Fatalf("after the reply: %+v", st)
			}
			modCheckPage(t, b, name+" with reply findings", true, pwnScript, pwnImg, pwnLink)
			modAxe(t, b, name+" with reply findings")
		}
		action := "approve"
		if it.text == ar {
			action = "flag"
		}
		if err := chromedp.Do(b.Ctx, modMark, chromedp.Click(chromedp.CSS("button[name=action][value="+action+"]"))); err != nil {
			t.Fatal(err)
		}
		modAwait(t, b, "")
	}
	modVisit(t, b, site.URL, "/staff/moderation")
	modCheckPage(t, b, "empty queue", false)
	for _, state := range []string{"approved", "safeguarding"} {
		modVisit(t, b, site.URL, "/staff/moderation?state="+state)
		modCheckPage(t, b, state+" tab", false)
	}

	modSignIn(t, h, b, site.URL, council)
	modVisit(t, b, site.URL, "/staff/feedback")
	if r := modCheckPage(t, b, "feedback", false, pwnScript, pwnImg, pwnLink, pwnStyle, pwnCover, "متابعة"); r.UGC != 4 {
		t.Errorf("the council's page shows %d texts, want the 4 approved", r.UGC)
	}
	modAxe(t, b, "feedback")

	modSignIn(t, h, b, site.URL, admin)
	modVisit(t, b, site.URL, "/staff/safeguarding")
	if r := modCheckPage(t, b, "safeguarding", false, pwnScript, pwnImg, pwnLink, "مرحبا"); r.UGC != 1 {
		t.Errorf("the safeguarding list shows %d texts, want the flagged one", r.UGC)
	}
	modAxe(t, b, "safeguarding")

	for _, u := range b.Requests() {
		if !strings.HasPrefix(u, site.URL+"/") {
			t.Errorf("request to another origin: %s", u)
		}
	}
}

// modCheckOverride checks, on an item page, that a masked phrase starting
// with an unterminated RIGHT-TO-LEFT OVERRIDE does not reverse the kind
// label printed after it: in a left-to-right text, the label's first
// character is left of its last.
func modCheckOverride(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`(() => {
		const out = [];
		for (const m of document.querySelectorAll(".ugc mark.pii")) {
			const phrase = m.firstElementChild, kind = m.querySelector(".kind");
			if (!phrase || !kind || !phrase.textContent.includes("\u202E") || getComputedStyle(m.closest(".ugc")).direction !== "ltr") continue;
			const text = kind.firstChild;
			const left = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
			out.push({label: kind.textContent, first: left(0), last: left(text.length - 1)});
		}
		return JSON.stringify(out);
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	var labels []struct {
		Label       string
		First, Last float64
	}
	if err := json.Unmarshal([]byte(out), &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels) == 0 {
		t.Fatal("the masked phrase with the override is not on the item page")
	}
	for _, l := range labels {
		if l.First >= l.Last {
			t.Errorf("the label %q after the override reads right to left (first character at %.0f px, last at %.0f px)", l.Label, l.First, l.Last)
		}
	}
}

// A moderator of four languages clears a mixed queue of 100 items with the
// keyboard alone: Enter on the autofocused "start" link, Enter on the
// autofocused Approve button, Tab to Flag for every tenth item, and Tab to
// the reject reason (changed with ArrowDown) and the Reject button for
// every other fifth item.
func TestBrowserModerationKeyboard(t *testing.T) {
	const total = 100
	langs := []string{"en", "es", "ar", "fr"}
	samples := map[string]string{
		"en": "The shelter helped me find work, message %d.",
		"es": "El refugio me ayudó a encontrar trabajo, mensaje %d.",
		"ar": "ساعدني الملجأ في العثور على عمل، الرسالة %d.",
		"fr": "Le refuge m'a aidée à trouver du travail, message %d.",
	}
	h := newHarness(t)
	h.channelAdmin(t, "talk", langs...)
	h.channelAdmin(t, "help", langs...)
	site := httptest.NewServer(h.srv.Handler())
	defer site.Close()
	ctx := context.Background()
	var chans []*model.Channel
	for _, slug := range []string{"talk", "help"} {
		ch, err := h.st.ChannelBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		chans = append(chans, ch)
	}
	// Posted through the store, sealed as the channel form seals, over four
	// days; some carry a phone number or an email, so item pages differ in
	// their number of mask checkboxes.
	for i := range total {
		if i > 0 && i%25 == 0 {
			h.clock.Advance(24 * time.Hour)
		}
		lang := langs[i%len(langs)]
		text := fmt.Sprintf(samples[lang], i)
		if i%3 == 0 {
			text += fmt.Sprintf(" +44 7700 900%03d", i)
		}
		if i%7 == 0 {
			text += fmt.Sprintf(" writer%d@example.org", i)
		}
		id := uuid.NewString()
		sealed, err := h.srv.cfg.Keyring.Seal([]byte(text), messageAAD(id))
		if err != nil {
			t.Fatal(err)
		}
		post := &store.ChannelPost{ID: id, ChannelID: chans[(i/3)%2].ID, Language: lang, Consent: store.ConsentQuote,
			Pseudonym: privacy.RandomPseudonym(), Sealed: sealed}
		if _, err := h.st.PostMessage(ctx, post); err != nil {
			t.Fatal(err)
		}
	}
	mod := h.modStaff(t, "mod-keys@example.org", langs, model.RoleModerator)

	b := browsertest.New(t)
	modSignIn(t, h, b, site.URL, mod)
	modVisit(t, b, site.URL, "/staff/moderation")
	st := modAwait(t, b, "a[href=/staff/moderation/items/")
	if st.Items != total {
		t.Fatalf("the queue links to %d items, want %d", st.Items, total)
	}
	if !strings.HasPrefix(st.Active, "a[href=/staff/moderation/items/") {
		t.Fatalf("the queue page does not focus the start link: %s has focus", st.Active)
	}

	key := func(keys string) {
		t.Helper()
		if err := chromedp.Do(b.Ctx, chromedp.KeyEvent(keys)); err != nil {
			t.Fatal(err)
		}
	}
	read := func() modState {
		t.Helper()
		st, err := modRead(b.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	submit := func() {
		t.Helper()
		if err := chromedp.Do(b.Ctx, modMark, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
	}
	const approveButton = "button[value=approve]"
	notices := map[model.ModerationAction]string{model.ModApprove: "Approved.", model.ModReject: "Rejected.", model.ModFlag: "Flagged for safeguarding."}

	start := time.Now()
	submit()
	done := map[string]model.ModerationAction{}
	var last model.ModerationAction
	tabs := map[int]int{} // Tab presses from Approve to the reject reason: items

	for n := 1; ; n++ {
		st := modAwait(t, b, approveButton)
		if last != "" && !strings.HasPrefix(st.Notice, notices[last]) {
			t.Fatalf("after item %d (%s) the page says %q", n-1, last, st.Notice)
		}
		if st.Path == "/staff/moderation" {
			break
		}
		id, ok := strings.CutPrefix(st.Path, "/staff/moderation/items/")
		if !ok || n > total {
			t.Fatalf("item %d: unexpected page %s (%q)", n, st.Path, st.H1)
		}
		if _, again := done[id]; again {
			t.Fatalf("item %d: %s opened again", n, id)
		}
		if st.Active != approveButton {
			t.Fatalf("item %d: the Approve button does not have focus on the item page: %s has", n, st.Active)
		}
		if st.PositiveTabIndex > 0 {
			t.Fatalf("item %d: %d elements with a positive tabindex change the focus order", n, st.PositiveTabIndex)
		}
		action := model.ModApprove
		switch {
		case n%10 == 0:
			action = model.ModFlag
			key(kb.Tab)
			if st := read(); st.Active != "button[value=flag]" {
				t.Fatalf("item %d: one Tab from Approve reaches %s, not the Flag button", n, st.Active)
			}
		case n%5 == 0:
			action = model.ModReject
			if st.TabsToReason <= 0 {
				t.Fatalf("item %d: the reject reason is not after the Approve button in focus order (%d)", n, st.TabsToReason)
			}
			tabs[st.TabsToReason]++
			key(strings.Repeat(kb.Tab, st.TabsToReason))
			if st := read(); st.Active != "select#reason" {
				t.Fatalf("item %d: %d Tabs from Approve reach %s, not the reject reason", n, st.TabsToReason, st.Active)
			}
			key(kb.ArrowDown)
			if st := read(); st.Reason != string(model.RejectAbuse) {
				t.Fatalf("item %d: ArrowDown on the reason chose %q", n, st.Reason)
			}
			key(kb.Tab)
			if st := read(); st.Active != "button[value=reject]" {
				t.Fatalf("item %d: Tab after the reason reaches %s, not the Reject button", n, st.Active)
			}
		}
		submit()
		done[id], last = action, action
	}
	took := time.Since(start)
	t.Logf("%d items moderated with the keyboard in %s (%s an item); Tab presses from Approve to the reject reason: %v",
		len(done), took.Round(time.Millisecond), (took / time.Duration(max(len(done), 1))).Round(time.Millisecond), tabs)

	st = read()
	if st.Items != 0 || !st.Empty {
		t.Errorf("the queue page after the last item: %d items, empty notice %t", st.Items, st.Empty)
	}
	if len(done) != total {
		t.Fatalf("%d items moderated, want %d", len(done), total)
	}
	counts, err := h.st.CountByLanguage(ctx, model.ModPending)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Count > 0 {
			t.Errorf("%d items still pending in %s", c.Count, c.Language)
		}
	}
	want := map[model.ModerationState][]string{}
	for id, a := range done {
		s := map[model.ModerationAction]model.ModerationState{model.ModApprove: model.ModApproved, model.ModReject: model.ModRejected, model.ModFlag: model.ModSafeguarding}[a]
		want[s] = append(want[s], id)
	}
	for state, n := range map[model.ModerationState]int{model.ModApproved: 80, model.ModRejected: 10, model.ModSafeguarding: 10} {
		items, err := h.st.ModerationQueue(ctx, store.QueueQuery{AllLanguages: true, States: []model.ModerationState{state}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.ID)
			if state == model.ModRejected && it.Reason != model.RejectAbuse {
				t.Errorf("item %s rejected for %q, want the reason chosen with ArrowDown", it.ID, it.Reason)
			}
		}
		slices.Sort(got)
		slices.Sort(want[state])
		if len(got) != n || !slices.Equal(got, want[state]) {
			t.Errorf("%s: %d items in the store, %d done in the browser, want %d", state, len(got), len(want[state]), n)
		}
	}
	langsSeen := map[string]int{}
	for _, it := range mustQueue(t, h, model.ModApproved, model.ModRejected, model.ModSafeguarding) {
		langsSeen[it.Language]++
	}
	for _, l := range langs {
		if langsSeen[l] != total/len(langs) {
			t.Errorf("%d items in %s moderated, want %d", langsSeen[l], l, total/len(langs))
		}
	}
}

func mustQueue(t *testing.T, h *harness, states ...model.ModerationState) []store.ModerationItem {
	t.Helper()
	items, err := h.st.ModerationQueue(context.Background(), store.QueueQuery{AllLanguages: true, States: states})
	if err != nil {
		t.Fatal(err)
	}
	return items
}
