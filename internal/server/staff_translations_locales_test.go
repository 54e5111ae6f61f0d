package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// The translation, upload and support directory pages, and each of their
// refusals, render in every locale with no untranslated message (the
// harness fails on any).
func TestAdminExtrasInEveryLocale(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.openSurvey(testSurvey("every-locale"))
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	if err := h.st.AddSupportContact(ctx, nil, &store.SupportContact{Language: "en", Country: "BR", Name: "Casa", Contact: "+55 11 0000 0000"}); err != nil {
		t.Fatal(err)
	}
	broken := needsWorkbook()
	broken["survey"][1][0] = "geopoint"
	brokenXLSX := xlsform(t, broken)
	rules := testSurvey("rules")
	rules.Sections[0].Questions[0].Choices = nil
	rules.Sections[0].Questions[1].ShowIf[0].Op = "near"
	rulesJSON := surveyJSON(t, rules)
	cat, _ := i18n.Load()
	for _, l := range cat.Languages() {
		t.Run(l.Code, func(t *testing.T) {
			check := func(name string, res *http.Response, body string, status int) {
				t.Helper()
				checkLocalePage(t, l, name, res, body, status)
			}
			if err := h.st.SetLanguage(ctx, admin.user.ID, l.Code); err != nil {
				t.Fatal(err)
			}
			c := h.client()
			csrf := c.signIn(admin)
			for _, p := range []string{"/staff/", "/staff/support", "/staff/surveys/import", "/staff/surveys/import?saved=every-locale",
				"/staff/surveys/every-locale/translations", "/staff/surveys/every-locale/translations?imported=fr&count=1",
				"/staff/surveys/every-locale/translations?imported=fr&count=5"} {
				res, body := c.get(p)
				check(p, res, body, 200)
			}
			res, body := c.get("/staff/surveys/every-locale/xliff?source=fr&target=fr")
			check("download refused", res, body, 422)
			res, body = c.upload("/staff/surveys/every-locale/xliff", url.Values{"csrf": {csrf}}, "", "", nil)
			check("upload without file", res, body, 422)
			res, body = c.upload("/staff/surveys/every-locale/xliff", url.Values{"csrf": {csrf}}, "file", "x.xlf", []byte("<xliff/>"))
			check("XLIFF refused", res, body, 422)
			res, body = c.upload("/staff/surveys/import", url.Values{"csrf": {csrf}}, "file", "x.csv", []byte("a"))
			check("import form refused", res, body, 422)
			form := url.Values{"csrf": {csrf}, "consultation": {"c-every-locale"}}
			res, body = c.upload("/staff/surveys/import", form, "file", "needs.xlsx", brokenXLSX)
			check("workbook refused", res, body, 422)
			res, body = c.upload("/staff/surveys/import", form, "file", "rules.json", rulesJSON)
			check("survey rules refused", res, body, 422)
			res, body = c.upload("/staff/surveys/import", form, "file", "bad.yaml", []byte("format: [1"))
			check("YAML refused", res, body, 422)
			res, body = c.post("/staff/support", url.Values{"csrf": {csrf}, "language": {"xx"}, "country": {"1"}, "description": {strings.Repeat("x", 2000)}})
			check("support entry refused", res, body, 422)
		})
	}
}
