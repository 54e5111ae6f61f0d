package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

var (
	reToken  = regexp.MustCompile(`name="token" value="([^"]+)"`)
	reThread = regexp.MustCompile(`name="thread" value="([^"]+)"`)
)

// channelAdmin creates and opens a channel through the staff pages.
func (h *harness) channelAdmin(t *testing.T, slug string, langs ...string) {
	t.Helper()
	ctx := context.Background()
	cn := &model.Consultation{Slug: "c-" + slug, Name: model.Text{"en": "Priority one"}, StartsOn: "2026-01-01", Languages: langs}
	if err := h.st.CreateConsultation(ctx, nil, cn); err != nil {
		t.Fatal(err)
	}
	admin := h.newStaff("admin-"+slug+"@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	form := url.Values{"csrf": {csrf}, "consultation": {cn.Slug}, "slug": {slug}, "language": langs}
	for _, l := range langs {
		form.Set("title."+l, "Talk "+l)
		form.Set("description."+l, "Tell us anything "+l)
	}
	res, body := c.post("/staff/channels", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create channel: %d\n%s", res.StatusCode, body)
	}
	if res, body = c.get("/staff/channels"); res.StatusCode != http.StatusOK || !strings.Contains(body, `id="ch-`+slug+`"`) {
		t.Fatalf("channel list: %d\n%s", res.StatusCode, body)
	}
	if res, _ = c.post("/staff/channels/"+slug+"/open", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open channel: %d", res.StatusCode)
	}
}

// setChannelOpen opens or closes a channel through the staff pages.
func (h *harness) setChannelOpen(t *testing.T, slug string, open bool) {
	t.Helper()
	c := h.client()
	csrf := c.signIn(h.newStaff("toggle-"+slug+"@example.org", model.RoleAdmin))
	action := "close"
	if open {
		action = "open"
	}
	if res, _ := c.post("/staff/channels/"+slug+"/"+action, url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s channel: %d", action, res.StatusCode)
	}
}

func noCookie(t *testing.T, res *http.Response) {
	t.Helper()
	if len(res.Cookies()) > 0 || res.Header.Get("Set-Cookie") != "" {
		t.Errorf("a channel page set a cookie: %v", res.Cookies())
	}
}

// postMessage shows the form and posts text; it returns the form it sent.
func postMessage(t *testing.T, c *client, lang, slug, text string) (url.Values, *http.Response, string) {
	t.Helper()
	res, body := c.get("/" + lang + "/c/" + slug)
	noCookie(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("channel form: %d\n%s", res.StatusCode, body)
	}
	form := url.Values{"token": {match(t, reToken, body)}, "text": {text}, "consent": {"quote"}, "keep_receipt": {"yes"}}
	res, body = c.post("/"+lang+"/c/"+slug, form)
	noCookie(t, res)
	return form, res, body
}

func TestChannelFlow(t *testing.T) {
	h := newHarness(t)
	h.channelAdmin(t, "talk", "en", "ar")
	anon := h.client()

	if _, body := anon.get("/en/"); !strings.Contains(body, `href="/en/c/talk"`) {
		t.Fatal("the landing page does not list the open channel")
	}
	res, body := anon.get("/en/c/talk")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `maxlength="2000"`) || !strings.Contains(body, "Up to 2000 characters.") ||
		!strings.Contains(body, "Please do not write names, places or phone numbers") || !strings.Contains(body, `name="website"`) {
		t.Fatalf("form: %d\n%s", res.StatusCode, body)
	}

	form, res, body := postMessage(t, anon, "en", "talk", "First words ZQXCHANCANARY")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("post: %d\n%s", res.StatusCode, body)
	}
	receipt := match(t, reReceipt, body)

	t.Run("RetryStoresOnce", func(t *testing.T) {
		res, body := anon.post("/en/c/talk", form)
		if res.StatusCode != http.StatusOK || match(t, reReceipt, body) != receipt {
			t.Fatalf("retry: %d, receipt changed", res.StatusCode)
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		long := "KEEPME" + strings.Repeat("é", model.MessageMax)
		_, res, body := postMessage(t, anon, "en", "talk", long)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, long) || !strings.Contains(body, "6 characters too long") {
			t.Fatalf("too long: %d", res.StatusCode)
		}
		_, res, _ = postMessage(t, anon, "en", "talk", "  \r\n ")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty: %d", res.StatusCode)
		}
	})
	t.Run("Honeypot", func(t *testing.T) {
		f := url.Values{"token": form["token"], "text": {"spam"}, "website": {"http://spam.example"}}
		if res, _ := anon.post("/en/c/talk", f); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("honeypot: %d", res.StatusCode)
		}
	})
	t.Run("Arabic", func(t *testing.T) {
		res, body := anon.get("/ar/c/talk")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="ar" dir="rtl">`) || !strings.Contains(body, "Talk ar") {
			t.Fatalf("Arabic form: %d", res.StatusCode)
		}
		_, res, body = postMessage(t, anon, "ar", "talk", "مرحبا ZQXARCANARY")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<p class="receipt" dir="ltr">`) {
			t.Fatalf("Arabic post: %d\n%s", res.StatusCode, body)
		}
	})
	t.Run("NotOfferedLanguage", func(t *testing.T) {
		if res, _ := anon.get("/fr/c/talk"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("French: %d", res.StatusCode)
		}
	})

	var thread string
	t.Run("ReceiptShowsThread", func(t *testing.T) {
		res, body := anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		noCookie(t, res)
		if res.StatusCode != http.StatusOK || strings.Count(body, "ZQXCHANCANARY") != 1 || !strings.Contains(body, "Talk en") {
			t.Fatalf("receipt: %d\n%s", res.StatusCode, body)
		}
		thread = match(t, reThread, body)
		// A moderator replies in the thread.
		ctx := context.Background()
		id := "7b0f8c1e-3c1a-4b7e-9a55-0d3f1e2a9c01"
		sealed, err := h.srv.cfg.Keyring.Seal([]byte("Thank you ZQXREPLY"), messageAAD(id))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.st.PostMessage(ctx, &store.ChannelPost{ID: id, ThreadID: thread, Pseudonym: "mod", Language: "en",
			Sealed: sealed, Author: model.AuthorModerator}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Followup", func(t *testing.T) {
		_, body := anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		if !strings.Contains(body, "Thank you ZQXREPLY") || !strings.Contains(body, "Moderator") {
			t.Fatalf("the moderator's reply is not shown\n%s", body)
		}
		token := match(t, reToken, body)
		f := url.Values{"receipt": {receipt}, "action": {"followup"}, "thread": {thread}, "token": {token}, "text": {"Second ZQXFOLLOW"}}
		res, body := anon.post("/en/receipt", f)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Your message was added") {
			t.Fatalf("follow-up: %d\n%s", res.StatusCode, body)
		}
		res, body = anon.post("/en/receipt", f) // a retry
		if res.StatusCode != http.StatusOK || strings.Count(body, "ZQXFOLLOW") != 1 {
			t.Fatalf("follow-up retry: %d, %d copies", res.StatusCode, strings.Count(body, "ZQXFOLLOW"))
		}
		// One thread, in order: the first message, the reply, the follow-up.
		if n := strings.Count(body, `class="card thread"`); n != 1 {
			t.Fatalf("%d threads under the receipt, want 1", n)
		}
		first, reply, follow := strings.Index(body, "ZQXCHANCANARY"), strings.Index(body, "ZQXREPLY"), strings.Index(body, "ZQXFOLLOW")
		if !(first < reply && reply < follow) {
			t.Fatalf("thread out of order: %d %d %d", first, reply, follow)
		}
		sec := body[strings.LastIndex(body[:first], `class="card thread"`):]
		sec = sec[:strings.Index(sec, "</section>")]
		if !strings.Contains(sec, "ZQXREPLY") || !strings.Contains(sec, "ZQXFOLLOW") {
			t.Fatal("the follow-up is not in the same thread")
		}
	})
	t.Run("ErrFollowupTooLong", func(t *testing.T) {
		_, body := anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		f := url.Values{"receipt": {receipt}, "action": {"followup"}, "thread": {thread}, "token": {match(t, reToken, body)},
			"text": {"KEEPTHIS" + strings.Repeat("x", model.MessageMax)}}
		res, body := anon.post("/en/receipt", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "KEEPTHIS") {
			t.Fatalf("long follow-up: %d", res.StatusCode)
		}
	})
	t.Run("ErrFollowupOtherThread", func(t *testing.T) {
		other := "00000000-0000-4000-8000-000000000000"
		tok, err := h.srv.channelToken(other, "en")
		if err != nil {
			t.Fatal(err)
		}
		f := url.Values{"receipt": {receipt}, "action": {"followup"}, "thread": {other}, "token": {tok}, "text": {"x"}}
		if res, _ := anon.post("/en/receipt", f); res.StatusCode != http.StatusNotFound {
			t.Fatalf("follow-up to a thread of no receipt: %d", res.StatusCode)
		}
	})
	t.Run("SealedAtRest", func(t *testing.T) {
		dump := storetest.Dump(t, h.url)
		for _, canary := range []string{"ZQXCHANCANARY", "ZQXARCANARY", "ZQXFOLLOW", "ZQXREPLY"} {
			if strings.Contains(string(dump), canary) {
				t.Errorf("database contains %q", canary)
			}
		}
	})
	t.Run("Closed", func(t *testing.T) {
		h.setChannelOpen(t, "talk", false)
		if res, _ := anon.get("/en/c/talk"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("closed GET: %d", res.StatusCode)
		}
		if res, _ := anon.post("/en/c/talk", form); res.StatusCode != http.StatusNotFound {
			t.Fatalf("closed POST: %d", res.StatusCode)
		}
		if _, body := anon.get("/en/"); strings.Contains(body, `href="/en/c/talk"`) {
			t.Fatal("the landing page lists a closed channel")
		}
	})
}

func TestChannelAdminRefusals(t *testing.T) {
	h := newHarness(t)
	h.channelAdmin(t, "talk", "en")
	c := h.client()
	csrf := c.signIn(h.newStaff("boss@example.org", model.RoleAdmin))
	res, body := c.post("/staff/channels", url.Values{"csrf": {csrf}, "consultation": {"c-talk"}, "slug": {"talk"}, "language": {"en"}, "title.en": {"Again"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, `value="Again"`) {
		t.Fatalf("slug taken: %d", res.StatusCode)
	}
	res, _ = c.post("/staff/channels", url.Values{"csrf": {csrf}, "consultation": {"c-talk"}, "slug": {"other"}, "language": {"en", "es"}, "title.en": {"Other"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no Spanish title: %d", res.StatusCode)
	}
	mod := h.client()
	mcsrf := mod.signIn(h.newStaff("mod@example.org", model.RoleModerator))
	if res, _ := mod.post("/staff/channels/talk/close", url.Values{"csrf": {mcsrf}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("moderator closed a channel: %d", res.StatusCode)
	}
}

// The channel pages, respondent and staff, in every shipped language.
func TestChannelPagesInEveryLocale(t *testing.T) {
	h := newHarness(t)
	cat, _ := i18n.Load()
	var codes []string
	for _, l := range cat.Languages() {
		codes = append(codes, l.Code)
	}
	h.channelAdmin(t, "every", codes...)
	boss := h.newStaff("boss@example.org", model.RoleAdmin)
	ctx := context.Background()
	for _, l := range cat.Languages() {
		t.Run(l.Code, func(t *testing.T) {
			check := func(name string, res *http.Response, body string, status int) {
				t.Helper()
				checkLocalePage(t, l, name, res, body, status)
			}
			anon := h.client()
			res, body := anon.get("/" + l.Code + "/")
			check("landing", res, body, 200)
			if !strings.Contains(body, `href="/`+l.Code+`/c/every"`) {
				t.Error("landing does not list the channel")
			}
			_, res, body = postMessage(t, anon, l.Code, "every", strings.Repeat("z", model.MessageMax+3))
			check("too long", res, body, 422)
			_, res, body = postMessage(t, anon, l.Code, "every", "")
			check("empty", res, body, 422)
			_, res, body = postMessage(t, anon, l.Code, "every", "hello")
			check("done", res, body, 200)
			res, body = anon.post("/"+l.Code+"/receipt", url.Values{"receipt": {match(t, reReceipt, body)}})
			check("receipt with thread", res, body, 200)
			res, body = anon.get("/" + l.Code + "/c/no-such-channel")
			check("404", res, body, 404)

			if err := h.st.SetLanguage(ctx, boss.user.ID, l.Code); err != nil {
				t.Fatal(err)
			}
			c := h.client()
			csrf := c.signIn(boss)
			res, body = c.get("/staff/channels")
			check("staff list", res, body, 200)
			res, body = c.post("/staff/channels", url.Values{"csrf": {csrf}, "consultation": {"c-every"}, "slug": {"x"}, "language": {"en"}})
			check("staff create refused", res, body, 422)
		})
	}
}

// Through the receipt, the writer changes the consent of a conversation and
// takes it back after a confirmation: the text is deleted at once.
func TestChannelConsentAndWithdraw(t *testing.T) {
	h := newHarness(t)
	h.channelAdmin(t, "talk", "en")
	c := h.client()
	_, res, body := postMessage(t, c, "en", "talk", "Take me back ZQXWITHDRAW")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("post: %d", res.StatusCode)
	}
	receipt := match(t, reReceipt, body)
	_, page := c.post("/en/receipt", url.Values{"receipt": {receipt}})
	thread := match(t, reThread, page)
	if !strings.Contains(page, `value="quote" checked`) {
		t.Fatal("the thread's consent is not shown")
	}
	res, page = c.post("/en/receipt", url.Values{"receipt": {receipt}, "thread": {thread}, "action": {"thread-consent"}, "consent": {"aggregate"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `value="aggregate" checked`) {
		t.Fatalf("consent: %d", res.StatusCode)
	}
	_, page = c.post("/en/receipt", url.Values{"receipt": {receipt}, "thread": {thread}, "action": {"thread-withdraw"}})
	if !strings.Contains(page, "thread-withdraw-confirm") || !strings.Contains(page, "ZQXWITHDRAW") {
		t.Fatal("no confirmation before withdrawal, or the text went before it")
	}
	_, page = c.post("/en/receipt", url.Values{"receipt": {receipt}, "thread": {thread}, "action": {"thread-withdraw-confirm"}})
	if !strings.Contains(page, "Your messages have been deleted.") || strings.Contains(page, "ZQXWITHDRAW") {
		t.Fatal("withdrawal not confirmed, or the text is still shown")
	}
	recs, _ := h.st.ReceiptsByLookup(context.Background(), h.srv.receipts.Lookup(privacy.Receipt(strings.ReplaceAll(receipt, " ", ""))))
	msgs, err := h.st.ThreadsOfReceipt(context.Background(), recs[0].ID)
	if err != nil || len(msgs) != 1 || msgs[0].Sealed != "" || msgs[0].ModerationState != store.ModerationWithdrawn {
		t.Fatalf("stored after withdrawal: %+v, %v", msgs, err)
	}
	if res, _ := c.post("/en/receipt", url.Values{"receipt": {receipt}, "thread": {thread}, "action": {"thread-withdraw-confirm"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("withdrawing twice: %d", res.StatusCode)
	}
}
