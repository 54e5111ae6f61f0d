package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

func TestSupportDirectory(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("priority-one"))
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	entry := url.Values{"csrf": {csrf}, "language": {"en"}, "country": {" ng "}, "name": {"Safe Harbour Lagos"},
		"contact": {"+234 800 000 0000"}, "description": {"Shelter and legal advice, day and night."}}
	anon := h.client()

	t.Run("Add", func(t *testing.T) {
		res, body := c.post("/staff/support", entry)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/support" {
			t.Fatalf("add: %d\n%s", res.StatusCode, body)
		}
		res, body = c.get("/staff/support")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Safe Harbour Lagos") || !strings.Contains(body, `<span dir="ltr">NG</span>`) {
			t.Fatalf("directory: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ShownOnIntroduction", func(t *testing.T) {
		_, body := anon.get("/en/s/priority-one")
		if !strings.Contains(body, "Safe Harbour Lagos") || !strings.Contains(body, "234 800 000 0000") || !strings.Contains(body, "<h3>NG</h3>") {
			t.Fatalf("English introduction has no entry:\n%s", body)
		}
		if _, body := anon.get("/es/s/priority-one"); strings.Contains(body, "Safe Harbour Lagos") {
			t.Fatal("an English entry is shown in Spanish")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		cases := map[string]struct {
			field, value, want string
		}{
			"ErrCountry":    {"country", "N1", "The country is two letters"},
			"ErrCountryLen": {"country", "NGA", "The country is two letters"},
			"ErrLanguage":   {"language", "xx", "Choose one of the platform"},
			"ErrNoName":     {"name", "  ", "A support contact needs a name"},
			"ErrNoContact":  {"contact", "", "A support contact needs a name"},
			"ErrTooLong":    {"description", strings.Repeat("é", supportDescriptionMax+1), "up to 1000"},
		}
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				form := url.Values{}
				for k, v := range entry {
					form[k] = v
				}
				form.Set("name", "Refused "+name)
				if tc.field == "name" {
					form.Set("name", tc.value)
				} else {
					form.Set(tc.field, tc.value)
				}
				res, body := c.post("/staff/support", form)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
					t.Fatalf("%d\n%s", res.StatusCode, body)
				}
				if tc.field != "name" && !strings.Contains(body, `value="Refused `+name+`"`) {
					t.Error("the form lost what was typed")
				}
			})
		}
		all, _ := h.st.SupportContacts(context.Background(), "")
		if len(all) != 1 {
			t.Fatalf("%d entries after refusals", len(all))
		}
	})

	t.Run("Delete", func(t *testing.T) {
		all, _ := h.st.SupportContacts(context.Background(), "en")
		res, body := c.post("/staff/support/"+all[0].ID+"/delete", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delete: %d\n%s", res.StatusCode, body)
		}
		if _, body := anon.get("/en/s/priority-one"); strings.Contains(body, "Safe Harbour Lagos") {
			t.Fatal("a removed entry is still shown")
		}
		if _, body := c.get("/staff/support"); !strings.Contains(body, "The directory is empty.") {
			t.Fatal("the directory is not empty")
		}
		res, _ = c.post("/staff/support/"+all[0].ID+"/delete", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("delete again: %d", res.StatusCode)
		}
	})

	t.Run("ErrNoFormToken", func(t *testing.T) {
		form := url.Values{}
		for k, v := range entry {
			form[k] = v
		}
		form.Del("csrf")
		if res, _ := c.post("/staff/support", form); res.StatusCode != http.StatusForbidden {
			t.Fatalf("add without the form token: %d", res.StatusCode)
		}
	})
}
