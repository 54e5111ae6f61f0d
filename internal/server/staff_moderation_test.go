package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

var (
	reItem    = regexp.MustCompile(`href="/staff/moderation/items/([0-9a-f-]{36})"`)
	reVersion = regexp.MustCompile(`name="version" value="(\d+)"`)
	reMask    = regexp.MustCompile(`name="mask" value="([^"]+)"( checked)?`)
	reReplyID = regexp.MustCompile(`name="reply_id" value="([^"]+)"`)
)

// moderator signs in a moderator of langs, set by an admin through the
// staff pages.
func (h *harness) moderator(t *testing.T, email string, langs ...string) (*client, string) {
	t.Helper()
	m := h.modStaff(t, email, langs, model.RoleModerator)
	c := h.client()
	return c, c.signIn(m)
}

// pendingMessage stores a message to a new channel, sealed as the server
// seals it, and returns its moderation item's id.
func (h *harness) pendingMessage(t *testing.T, text, lang string) string {
	t.Helper()
	ctx := context.Background()
	cn := &model.Consultation{Slug: "c-" + uuid.NewString()[:8], Name: model.Text{lang: "C"}, StartsOn: "2026-01-01", Languages: []string{lang}}
	if err := h.st.CreateConsultation(ctx, nil, cn); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: cn.ID, Slug: "ch-" + uuid.NewString()[:8], Title: model.Text{lang: "Talk"}, Languages: []string{lang}, Open: true}
	if err := h.st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	id := uuid.NewString()
	sealed, err := h.srv.cfg.Keyring.Seal([]byte(text), messageAAD(id))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.PostMessage(ctx, &store.ChannelPost{ID: id, ChannelID: ch.ID, Pseudonym: "p", Language: lang, Sealed: sealed}); err != nil {
		t.Fatal(err)
	}
	items, err := h.st.ModerationQueue(ctx, store.QueueQuery{AllLanguages: true, GroupKey: store.ChannelGroup(ch.ID)})
	if err != nil || len(items) != 1 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	return items[0].ID
}

// queueItems returns the item ids a queue page links to, in page order.
func queueItems(body string) []string {
	var ids []string
	for _, m := range reItem.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(ids, m[1]) { // the "start" link repeats the first
			ids = append(ids, m[1])
		}
	}
	return ids
}

// pageBody is the body of a page the test needs to read.
func pageBody(t *testing.T, c *client, path string) string {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	return body
}

// act posts an action on an item page as the moderator saw it, with the
// masks ticked on the page unless masks says otherwise.
func act(t *testing.T, c *client, csrf, id, action string, extra url.Values) (*http.Response, string) {
	t.Helper()
	res, body := c.get("/staff/moderation/items/" + id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("open item: %d\n%s", res.StatusCode, body)
	}
	form := url.Values{"csrf": {csrf}, "version": {match(t, reVersion, body)}, "action": {action}}
	for _, m := range reMask.FindAllStringSubmatch(body, -1) {
		if m[2] != "" {
			form.Add("mask", m[1])
		}
	}
	for k, v := range extra {
		form[k] = v
	}
	return c.post("/staff/moderation/items/"+id, form)
}

func TestModerationFlow(t *testing.T) {
	h := newHarness(t)
	h.channelAdmin(t, "talk", "en", "es")
	anon := h.client()
	_, res, body := postMessage(t, anon, "en", "talk", "Call me on +44 7700 900123 or write to ana.k@example.org\nZQXPENDING")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("post: %d", res.StatusCode)
	}
	receipt := match(t, reReceipt, body)
	if _, res, _ = postMessage(t, anon, "es", "talk", "Mensaje en español ZQXSPANISH"); res.StatusCode != http.StatusOK {
		t.Fatal("Spanish post")
	}

	mod, csrf := h.moderator(t, "mod-en@example.org", "en")
	council := h.client()
	council.signIn(h.newStaff("council@example.org", model.RoleCouncil))

	var id string
	t.Run("QueueShowsOwnLanguagesOnly", func(t *testing.T) {
		res, body := mod.get("/staff/moderation")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("queue: %d", res.StatusCode)
		}
		if !strings.Contains(body, "ZQXPENDING") || strings.Contains(body, "ZQXSPANISH") {
			t.Fatal("the queue does not show exactly the moderator's language")
		}
		if !strings.Contains(body, `<mark class="pii"><bdi>&#43;44 7700 900123</bdi>`) || !strings.Contains(body, "2 personal details found") {
			t.Fatalf("findings are not highlighted\n%s", body)
		}
		ids := queueItems(body)
		if len(ids) != 1 {
			t.Fatalf("%d items, want 1", len(ids))
		}
		id = ids[0]
		_, dash := mod.get("/staff/")
		if !strings.Contains(dash, "English</bdi>: 1 waiting") {
			t.Fatalf("dashboard counts\n%s", dash)
		}
	})
	t.Run("OtherLanguageIsNotFound", func(t *testing.T) {
		es, _ := h.st.ModerationQueue(context.Background(), store.QueueQuery{Languages: model.Languages{"es"}})
		if len(es) != 1 {
			t.Fatalf("%d Spanish items", len(es))
		}
		if res, _ := mod.get("/staff/moderation/items/" + es[0].ID); res.StatusCode != http.StatusNotFound {
			t.Fatalf("an item of another language: %d", res.StatusCode)
		}
		form := url.Values{"csrf": {csrf}, "version": {"1"}, "action": {"approve"}}
		if res, _ := mod.post("/staff/moderation/items/"+es[0].ID, form); res.StatusCode != http.StatusNotFound {
			t.Fatalf("approving an item of another language: %d", res.StatusCode)
		}
	})
	t.Run("LanguageFilter", func(t *testing.T) {
		both, _ := h.moderator(t, "mod-both@example.org", "en", "es")
		_, body := both.get("/staff/moderation")
		if !strings.Contains(body, "ZQXPENDING") || !strings.Contains(body, "ZQXSPANISH") {
			t.Fatal("a moderator of two languages does not see both")
		}
		_, body = both.get("/staff/moderation?language=es")
		if strings.Contains(body, "ZQXPENDING") || !strings.Contains(body, "ZQXSPANISH") {
			t.Fatal("the language filter does not hold")
		}
		// A language the moderator does not have is ignored, not shown.
		_, body = mod.get("/staff/moderation?language=es")
		if strings.Contains(body, "ZQXSPANISH") || !strings.Contains(body, "ZQXPENDING") {
			t.Fatal("a language filter opened another language")
		}
	})
	t.Run("NoLanguagesNoItems", func(t *testing.T) {
		c := h.client()
		c.signIn(h.newStaff("mod-none@example.org", model.RoleModerator))
		_, body := c.get("/staff/moderation")
		if !strings.Contains(body, "You have no moderation languages yet.") || len(queueItems(body)) != 0 || strings.Contains(body, "ZQX") {
			t.Fatalf("a moderator without languages sees items\n%s", body)
		}
		if res, _ := c.get("/staff/moderation/items/" + id); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a moderator without languages opens an item: %d", res.StatusCode)
		}
	})
	t.Run("CouncilSeesNothingPending", func(t *testing.T) {
		_, body := council.get("/staff/feedback")
		if strings.Contains(body, "ZQXPENDING") || strings.Contains(body, "ZQXSPANISH") || !strings.Contains(body, "No approved feedback yet.") {
			t.Fatal("the council sees pending text")
		}
	})
	t.Run("StaleVersionIsRefused", func(t *testing.T) {
		form := url.Values{"csrf": {csrf}, "version": {"7"}, "action": {"approve"}}
		res, body := mod.post("/staff/moderation/items/"+id, form)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "This item changed while you had it open") {
			t.Fatalf("stale approve: %d", res.StatusCode)
		}
	})
	t.Run("RejectNeedsReason", func(t *testing.T) {
		res, body := act(t, mod, csrf, id, "reject", url.Values{"reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a reason to reject.") {
			t.Fatalf("reject without reason: %d", res.StatusCode)
		}
	})
	t.Run("MaskAPhraseAndApprove", func(t *testing.T) {
		// Unmask the email (a moderator may), mask a phrase of their own.
		res, body := mod.get("/staff/moderation/items/" + id)
		form := url.Values{"csrf": {csrf}, "version": {match(t, reVersion, body)}, "action": {"mask"}, "phrase": {"ZQXPENDING"}, "phrase_kind": {"term"}}
		for _, m := range reMask.FindAllStringSubmatch(body, -1) {
			if strings.HasPrefix(m[1], "phone:") {
				form.Add("mask", m[1])
			}
		}
		if res, body = mod.post("/staff/moderation/items/"+id, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save masks: %d\n%s", res.StatusCode, body)
		}
		_, body = mod.get("/staff/moderation/items/" + id)
		if !strings.Contains(body, "Call me on [phone] or write to ana.k@example.org\n[term]") {
			t.Fatalf("masked preview\n%s", body)
		}
		if !strings.Contains(body, "Changed masks") || !strings.Contains(body, "Opened a moderation item") {
			t.Fatal("the history does not show the mask change and the openings")
		}
		// Put the email mask back, and approve.
		res, body = act(t, mod, csrf, id, "approve", url.Values{"phrase": {"ana.k@example.org"}, "phrase_kind": {"email"}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/staff/moderation?after=approve") {
			t.Fatalf("approve: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		_, body = council.get("/staff/feedback")
		if !strings.Contains(body, "Call me on [phone] or write to [email]\n[term]") || strings.Contains(body, "900123") || strings.Contains(body, "ana.k") {
			t.Fatalf("the council's page\n%s", body)
		}
		evs, err := h.st.ItemHistory(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, ev := range evs {
			actions = append(actions, ev.Action)
			if ev.ActorEmail != "mod-en@example.org" {
				t.Errorf("history line by %q", ev.ActorEmail)
			}
		}
		want := "moderation.open moderation.open moderation.open moderation.mask moderation.open moderation.mask moderation.approve"
		if got := strings.Join(actions, " "); !strings.HasPrefix(got, "moderation.open") || !strings.HasSuffix(got, "moderation.mask moderation.approve") {
			t.Fatalf("history %q, want like %q", got, want)
		}
	})
	t.Run("ReplyIsCheckedAndReachesTheWriter", func(t *testing.T) {
		_, body := mod.get("/staff/moderation/items/" + id)
		form := url.Values{"csrf": {csrf}, "version": {match(t, reVersion, body)}, "reply_id": {match(t, reReplyID, body)},
			"reply": {"Thank you ZQXREPLY. Call +1 202 555 0147 any time."}}
		res, body := mod.post("/staff/moderation/items/"+id+"/reply", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "seems to contain personal details") ||
			!strings.Contains(body, `<mark class="pii"><bdi>&#43;1 202 555 0147</bdi>`) || !strings.Contains(body, "ZQXREPLY") {
			t.Fatalf("a reply with a phone number: %d\n%s", res.StatusCode, body)
		}
		form.Set("confirm", "1")
		if res, body = mod.post("/staff/moderation/items/"+id+"/reply", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed reply: %d\n%s", res.StatusCode, body)
		}
		if res, _ = mod.post("/staff/moderation/items/"+id+"/reply", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply retry: %d", res.StatusCode)
		}
		_, body = anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		if strings.Count(body, "ZQXREPLY") != 1 {
			t.Fatalf("the writer sees the reply %d times\n%s", strings.Count(body, "ZQXREPLY"), body)
		}
		// A follow-up waits in the queue, in the same conversation.
		f := url.Values{"receipt": {receipt}, "action": {"followup"}, "thread": {match(t, reThread, body)}, "token": {match(t, reToken, body)},
			"text": {"Thanks ZQXFOLLOWUP"}}
		if res, _ := anon.post("/en/receipt", f); res.StatusCode != http.StatusOK {
			t.Fatalf("follow-up: %d", res.StatusCode)
		}
		_, body = mod.get("/staff/moderation")
		ids := queueItems(body)
		if len(ids) != 1 || !strings.Contains(body, "ZQXFOLLOWUP") {
			t.Fatalf("the follow-up is not in the queue\n%s", body)
		}
		_, body = mod.get("/staff/moderation/items/" + ids[0])
		if !strings.Contains(body, "ZQXREPLY") || !strings.Contains(body, "Conversation") {
			t.Fatal("the follow-up's page does not show the conversation")
		}
	})
	t.Run("FlagGoesToAdminsNotCouncil", func(t *testing.T) {
		ctx := context.Background()
		if err := h.st.AddSupportContact(ctx, nil, &store.SupportContact{Language: "en", Name: "Helpline ZQXHELP", Contact: "+1 800 000 0000"}); err != nil {
			t.Fatal(err)
		}
		_, body := mod.get("/staff/moderation")
		fid := queueItems(body)[0]
		if res, _ := act(t, mod, csrf, fid, "flag", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("flag: %d", res.StatusCode)
		}
		if _, body = council.get("/staff/feedback"); strings.Contains(body, "ZQXFOLLOWUP") {
			t.Fatal("the council sees a safeguarding item")
		}
		// The writer is not told of the flag: the message reads as waiting.
		_, body = anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		if strings.Count(body, "waiting for a moderator") != 1 || strings.Contains(strings.ToLower(body), "safeguarding") {
			t.Fatalf("the writer's view of a flagged message\n%s", body)
		}
		admin := h.client()
		acsrf := admin.signIn(h.newStaff("admin-sg@example.org", model.RoleAdmin))
		_, body = admin.get("/staff/safeguarding")
		if !strings.Contains(body, "ZQXFOLLOWUP") || !strings.Contains(body, "Helpline ZQXHELP") {
			t.Fatalf("safeguarding list\n%s", body)
		}
		if _, dash := admin.get("/staff/"); !strings.Contains(dash, "1 item flagged for safeguarding") {
			t.Fatal("the admin dashboard does not count the flagged item")
		}
		// An admin who is not a moderator cannot open items.
		if res, _ := admin.get("/staff/moderation/items/" + fid); res.StatusCode != http.StatusForbidden {
			t.Fatalf("admin opens an item: %d", res.StatusCode)
		}
		v := match(t, regexp.MustCompile(`name="version" value="(\d+)"`), body)
		res, _ := admin.post("/staff/safeguarding/"+fid, url.Values{"csrf": {acsrf}, "version": {v}, "action": {"resolve_safeguarding"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("resolve: %d", res.StatusCode)
		}
		if _, body = mod.get("/staff/moderation"); !strings.Contains(body, "ZQXFOLLOWUP") {
			t.Fatal("a handled item is not back in the queue")
		}
	})
	t.Run("BulkReject", func(t *testing.T) {
		_, body := mod.get("/staff/moderation")
		followup := queueItems(body)
		if len(followup) != 1 {
			t.Fatalf("%d items before the spam, want the follow-up", len(followup))
		}
		var spamReceipt string
		for i := range 3 {
			_, res, body := postMessage(t, h.client(), "en", "talk", fmt.Sprintf("BUY NOW ZQXSPAM%d", i))
			if res.StatusCode != http.StatusOK {
				t.Fatal("spam post")
			}
			spamReceipt = match(t, reReceipt, body)
		}
		_, body = mod.get("/staff/moderation")
		form := url.Values{"csrf": {csrf}, "reason": {"spam"}}
		for _, m := range regexp.MustCompile(`name="item" value="([^"]+)"`).FindAllStringSubmatch(body, -1) {
			form.Add("item", m[1])
		}
		if len(form["item"]) != 4 {
			t.Fatalf("%d items to tick, want 4", len(form["item"]))
		}
		// One item changes under the moderator's feet.
		if res, _ := act(t, mod, csrf, followup[0], "approve", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatal("approve one")
		}
		res, body := mod.post("/staff/moderation/bulk", form)
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "changed=1") {
			t.Fatalf("bulk: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = mod.get(res.Header.Get("Location"))
		if !strings.Contains(body, "1 item had changed meanwhile") || len(queueItems(body)) != 0 {
			t.Fatalf("after bulk reject\n%s", body)
		}
		_, body = mod.get("/staff/moderation?state=rejected")
		if strings.Count(body, "ZQXSPAM") != 3 || strings.Count(body, "Spam") < 3 {
			t.Fatalf("rejected tab\n%s", body)
		}
		if _, body = council.get("/staff/feedback"); strings.Contains(body, "ZQXSPAM") {
			t.Fatal("the council sees rejected items")
		}
		if _, body = anon.post("/en/receipt", url.Values{"receipt": {spamReceipt}}); !strings.Contains(body, "not published") || strings.Contains(body, "waiting for a moderator") {
			t.Fatalf("the writer's view of a rejected message\n%s", body)
		}
		// A rejection made by mistake is undone by a moderator.
		rejected := queueItems(pageBody(t, mod, "/staff/moderation?state=rejected"))
		if res, _ := act(t, mod, csrf, rejected[0], "reopen", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reopen: %d", res.StatusCode)
		}
		if ids := queueItems(pageBody(t, mod, "/staff/moderation")); len(ids) != 1 || ids[0] != rejected[0] {
			t.Fatalf("the reopened item is not waiting again: %v", ids)
		}
		if res, _ := act(t, mod, csrf, rejected[0], "reject", url.Values{"reason": {"spam"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reject again: %d", res.StatusCode)
		}
	})
	t.Run("SealedAtRestAndOutOfLogs", func(t *testing.T) {
		dump := string(storetest.Dump(t, h.url))
		logs := h.logs.String()
		for _, canary := range []string{"ZQXPENDING", "ZQXREPLY", "ZQXFOLLOWUP", "ana.k@example.org", "7700 900123", "write to [email]"} {
			if strings.Contains(dump, canary) {
				t.Errorf("the database holds %q in the clear", canary)
			}
			if strings.Contains(logs, canary) {
				t.Errorf("the logs hold %q", canary)
			}
		}
	})
	t.Run("WithdrawalEmptiesTheItem", func(t *testing.T) {
		_, body := anon.post("/en/receipt", url.Values{"receipt": {receipt}})
		thread := match(t, reThread, body)
		f := url.Values{"receipt": {receipt}, "action": {"thread-withdraw-confirm"}, "thread": {thread}}
		if res, body := anon.post("/en/receipt", f); res.StatusCode != http.StatusOK {
			t.Fatalf("withdraw: %d\n%s", res.StatusCode, body)
		}
		if _, err := h.st.ModerationItemByID(context.Background(), id); model.AsError(err).Code != model.CodeNotFound {
			t.Fatalf("the withdrawn message's item is still there: %v", err)
		}
		if _, body = council.get("/staff/feedback"); strings.Contains(body, "[phone]") {
			t.Fatal("the council still reads a withdrawn message")
		}
	})
}

func TestModerationOfSurveyAnswers(t *testing.T) {
	h := newHarness(t)
	sv := h.openSurvey(testSurvey("voices"))
	def, err := h.st.SurveyVersion(context.Background(), sv.ID, sv.Version)
	if err != nil {
		t.Fatal(err)
	}
	submit := func(lang string, answers model.Answers) {
		id := uuid.NewString()
		stored, err := StoredAnswers(h.srv.cfg.Keyring, def, id, answers)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.st.Submit(context.Background(), &store.Submission{ID: id, SurveyID: sv.ID, Version: sv.Version, Pseudonym: "p",
			Language: lang, Consent: store.ConsentAggregate, Answers: stored}); err != nil {
			t.Fatal(err)
		}
	}
	submit("en", model.Answers{"q1": {Values: []string{"yes"}}, "q2": {Text: "The lawyer ZQXLAWYER"}, "q7": {Text: "Hope ZQXHOPE"}})
	submit("en", model.Answers{"q1": {Values: []string{"yes"}}, "q2": {Text: "My sister ZQXSISTER"}, "q7": {Declined: true}})
	submit("ar", model.Answers{"q7": {Text: "أمل ZQXARABIC"}})

	mod, csrf := h.moderator(t, "mod-survey@example.org", "en")
	_, body := mod.get("/staff/moderation")
	// Grouped by question: both answers to q2 under one heading, then q7.
	q2, q7 := strings.Index(body, "What helped most?"), strings.Index(body, "One word for the co-chairs")
	if q2 < 0 || q7 < 0 || strings.Count(body, "What helped most?") != 1 {
		t.Fatalf("questions as groups\n%s", body)
	}
	lawyer, sister, hope := strings.Index(body, "ZQXLAWYER"), strings.Index(body, "ZQXSISTER"), strings.Index(body, "ZQXHOPE")
	inQ2 := func(i int) bool { return (q2 < q7 && i > q2 && i < q7) || (q7 < q2 && i > q2) }
	if !inQ2(lawyer) || !inQ2(sister) || inQ2(hope) || strings.Contains(body, "ZQXARABIC") {
		t.Fatalf("answers are not grouped by question: %d %d %d / %d %d", lawyer, sister, hope, q2, q7)
	}
	for _, id := range queueItems(body) {
		res, _ := act(t, mod, csrf, id, "approve", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d", res.StatusCode)
		}
	}
	council := h.client()
	council.signIn(h.newStaff("council-s@example.org", model.RoleCouncil))
	_, body = council.get("/staff/feedback")
	for _, s := range []string{"ZQXLAWYER", "ZQXSISTER", "ZQXHOPE", "What helped most?"} {
		if !strings.Contains(body, s) {
			t.Errorf("the council's page lacks %q", s)
		}
	}
	if strings.Contains(body, "ZQXARABIC") {
		t.Error("the council reads an answer no one approved")
	}
	// Withdrawing a response takes its answers out of every view.
	items, _ := h.st.ModerationQueue(context.Background(), store.QueueQuery{States: []model.ModerationState{model.ModApproved}, AllLanguages: true})
	if len(items) != 3 {
		t.Fatalf("%d approved items", len(items))
	}
}

func TestMaskTerms(t *testing.T) {
	h := newHarness(t)
	h.channelAdmin(t, "talk", "en")
	postMessage(t, h.client(), "en", "talk", "I worked at Golden Lotus Farm near Vale")
	mod, csrf := h.moderator(t, "mod-terms@example.org", "en")
	_, body := mod.get("/staff/moderation")
	if strings.Contains(body, `<bdi>Golden Lotus Farm</bdi>`) {
		t.Fatal("an unknown name is already marked")
	}
	if res, _ := mod.post("/staff/moderation/terms", url.Values{"csrf": {csrf}, "term": {"golden lotus farm"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add term: %d", res.StatusCode)
	}
	if res, body := mod.post("/staff/moderation/terms", url.Values{"csrf": {csrf}, "term": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "A term needs 1 to 200 characters.") {
		t.Fatalf("blank term: %d", res.StatusCode)
	}
	_, body = mod.get("/staff/moderation")
	if !strings.Contains(body, `<mark class="pii"><bdi>Golden Lotus Farm</bdi> <span class="kind">[name or place]</span></mark>`) {
		t.Fatalf("a listed term is not marked\n%s", body)
	}
	_, body = mod.get("/staff/moderation/terms")
	if !strings.Contains(body, "golden lotus farm") {
		t.Fatal("the term list does not show the term")
	}
	// Terms are sealed at rest.
	if dump := storetest.Dump(t, h.url); strings.Contains(string(dump), "golden lotus") {
		t.Fatal("the term list is stored in the clear")
	}
	tid := match(t, regexp.MustCompile(`/staff/moderation/terms/([0-9a-f-]{36})/delete`), body)
	if res, _ := mod.post("/staff/moderation/terms/"+tid+"/delete", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove term: %d", res.StatusCode)
	}
	if _, body = mod.get("/staff/moderation"); strings.Contains(body, `<bdi>Golden Lotus Farm</bdi>`) {
		t.Fatal("a removed term is still marked")
	}
}
