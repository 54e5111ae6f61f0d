package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// checkLocalePage fails the test unless a page answered status and, unless
// it redirects, declares language l and its direction.
func checkLocalePage(t *testing.T, l i18n.Lang, name string, res *http.Response, body string, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("%s: %d, want %d", name, res.StatusCode, status)
	}
	if want := `<html lang="` + l.Code + `" dir="` + l.Dir() + `">`; status != http.StatusSeeOther && !strings.Contains(body, want) {
		t.Errorf("%s: no %s", name, want)
	}
}

// Every page renders in every locale with no untranslated fallback: the
// harness's catalog fails the test on any message missing in the language
// asked for, and each page must declare its language and direction.
func TestEveryPageInEveryLocale(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	all := model.Roles{model.RoleAdmin, model.RoleModerator, model.RoleCouncil, model.RoleCoChair}
	boss := h.newStaff("boss@example.org", all...)
	chair := h.newStaff("chair@example.org", model.RoleCoChair)
	// Put every kind of audit line in the log, including failure reasons.
	h.client().post("/staff/login", url.Values{"email": {"ghost@example.org"}, "password": {"x"}, "code": {"1"}})
	h.client().post("/staff/login", url.Values{"email": {boss.email}, "password": {"wrong password!"}, "code": {"1"}})
	// A message waiting for moderation, in the boss's moderation language.
	item := h.pendingMessage(t, "Call +44 7700 900123", "en")
	if err := h.st.SetModeratorLanguages(ctx, nil, boss.user.ID, model.Languages{"en"}); err != nil {
		t.Fatal(err)
	}
	cat, _ := i18n.Load()
	for _, l := range cat.Languages() {
		t.Run(l.Code, func(t *testing.T) {
			check := func(name string, res *http.Response, body string, status int) {
				t.Helper()
				checkLocalePage(t, l, name, res, body, status)
			}
			anon := h.client()
			res, body := anon.get("/" + l.Code + "/")
			check("landing", res, body, 200)
			if !strings.Contains(body, `id="quick-exit"`) {
				t.Error("landing page has no quick exit")
			}
			res, body = anon.get("/" + l.Code + "/missing")
			check("respondent 404", res, body, 404)
			res, body = anon.get("/staff/login?lang=" + l.Code)
			check("sign-in", res, body, 200)
			res, body = anon.get("/staff/login?ready=1&lang=" + l.Code)
			check("sign-in after set-up", res, body, 200)
			res, body = anon.post("/staff/login?lang="+l.Code, url.Values{"email": {"x@example.org"}})
			check("sign-in refused", res, body, 422)
			_, token, err := h.st.CreateStaff(ctx, nil, "new-"+l.Code+"@example.org", model.Roles{model.RoleCouncil}, l.Code)
			if err != nil {
				t.Fatal(err)
			}
			res, body = anon.get("/staff/setup/" + token + "?lang=" + l.Code)
			check("set-up", res, body, 200)
			res, body = anon.post("/staff/setup/"+token+"?lang="+l.Code, url.Values{"pending": {match(t, rePending, body)}, "password": {"short"}, "code": {"1"}})
			check("set-up refused", res, body, 422)

			if err := h.st.SetLanguage(ctx, boss.user.ID, l.Code); err != nil {
				t.Fatal(err)
			}
			c := h.client()
			csrf := c.signIn(boss)
			for _, p := range []string{"/staff/", "/staff/account", "/staff/admin/users", "/staff/admin/users/" + chair.user.ID, "/staff/audit",
				"/staff/moderation", "/staff/moderation?state=rejected", "/staff/moderation/items/" + item, "/staff/moderation/terms",
				"/staff/safeguarding", "/staff/feedback"} {
				res, body = c.get(p)
				check(p, res, body, 200)
			}
			res, body = c.post("/staff/moderation/items/"+item, url.Values{"csrf": {csrf}, "version": {"99"}, "action": {"approve"}})
			check("moderation conflict", res, body, 409)
			res, body = c.post("/staff/moderation/items/"+item+"/reply", url.Values{"csrf": {csrf}, "version": {"1"}, "reply_id": {uuid.NewString()},
				"reply": {"write to a@example.org"}})
			check("reply held", res, body, 422)
			res, body = c.get("/staff/audit?before=x")
			check("staff 400", res, body, 400)
			res, body = c.post("/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"not an address"}, "role": {"council"}})
			check("create refused", res, body, 422)
			res, body = c.post("/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"made-" + l.Code + "@example.org"}, "role": {"council"}, "language": {l.Code}})
			check("link page", res, body, 200)
			res, body = c.post("/staff/admin/users/"+boss.user.ID+"/roles", url.Values{"csrf": {csrf}})
			check("roles refused", res, body, 422)
			if err := h.st.SetLanguage(ctx, chair.user.ID, l.Code); err != nil {
				t.Fatal(err)
			}
			cc := h.client()
			cc.signIn(chair)
			res, body = cc.get("/staff/admin/users")
			check("staff 403", res, body, 403)
		})
	}
}

// Pages rendered at once in different languages never mix them: the
// translator is per request.
func TestConcurrentLanguages(t *testing.T) {
	h := newHarness(t)
	cat, _ := i18n.Load()
	want := map[string]string{}
	for _, l := range cat.Languages() {
		want[l.Code] = cat.Translator(l.Code).T("LandingHeading")
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 20 {
				l := cat.Languages()[(i+j)%7]
				res, body := h.client().get("/" + l.Code + "/")
				if res.StatusCode != 200 || !strings.Contains(body, want[l.Code]) || !strings.Contains(body, `lang="`+l.Code+`"`) {
					t.Errorf("%s page mixed languages or failed: %d", l.Code, res.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
}
