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

func TestStaffAdministration(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)

	t.Run("CreateShowsLinkOnce", func(t *testing.T) {
		res, body := c.post("/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"Mod@Example.org"}, "role": {"moderator", "council"}, "language": {"fr"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("create: %d\n%s", res.StatusCode, body)
		}
		token := match(t, reLink, body)
		u, err := h.st.StaffByEmail(ctx, "mod@example.org")
		if err != nil || u.Roles.String() != "moderator,council" || u.Language != "fr" {
			t.Fatalf("created %+v, %v", u, err)
		}
		_, list := c.get("/staff/admin/users")
		if strings.Contains(list, token) {
			t.Fatal("the staff list shows a sign-in link again")
		}
	})

	t.Run("ErrDuplicate", func(t *testing.T) {
		res, body := c.post("/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"mod@example.org"}, "role": {"council"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already exists") || !strings.Contains(body, `value="mod@example.org"`) {
			t.Fatalf("duplicate: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrUnknownRole", func(t *testing.T) {
		res, _ := c.post("/staff/admin/users", url.Values{"csrf": {csrf}, "email": {"x@example.org"}, "role": {"root"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("unknown role: %d", res.StatusCode)
		}
	})

	t.Run("ChangeRoles", func(t *testing.T) {
		u, _ := h.st.StaffByEmail(ctx, "mod@example.org")
		res, _ := c.post("/staff/admin/users/"+u.ID+"/roles", url.Values{"csrf": {csrf}, "role": {"cochair"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("roles: %d", res.StatusCode)
		}
		u, _ = h.st.StaffByEmail(ctx, "mod@example.org")
		if u.Roles.String() != "cochair" {
			t.Fatalf("roles now %s", u.Roles)
		}
	})

	t.Run("ErrLastAdmin", func(t *testing.T) {
		res, body := c.post("/staff/admin/users/"+admin.user.ID+"/disable", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "last active administrator") {
			t.Fatalf("disabling the last admin: %d", res.StatusCode)
		}
	})

	t.Run("ReissueResetsSecondFactor", func(t *testing.T) {
		mod := h.newStaff("second@example.org", model.RoleModerator)
		mc := h.client()
		mc.signIn(mod)
		res, body := c.post("/staff/admin/users/"+mod.user.ID+"/link", url.Values{"csrf": {csrf}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("reissue: %d", res.StatusCode)
		}
		token := match(t, reLink, body)
		if res, _ := mc.get("/staff/"); res.StatusCode != http.StatusSeeOther {
			t.Fatal("sessions survived a reissued link")
		}
		h.clock.Advance(30 * time.Second)
		res, _ = h.client().post("/staff/login", url.Values{"email": {mod.email}, "password": {testPassword}, "code": {h.code(mod.secret)}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("old password and TOTP still sign in after a reissue: %d", res.StatusCode)
		}
		secret := h.client().setup(token, testPassword)
		if secret == mod.secret {
			t.Fatal("the reissued link kept the old TOTP secret")
		}
		mod.secret = secret
		h.client().signIn(mod)
	})

	t.Run("Audited", func(t *testing.T) {
		_, body := c.get("/staff/audit")
		for _, want := range []string{"Account created", "Roles changed", "Sign-in link issued", "moderator,council → cochair"} {
			if !strings.Contains(body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
	})

	t.Run("OwnLanguage", func(t *testing.T) {
		res, _ := c.post("/staff/account/language", url.Values{"csrf": {csrf}, "language": {"ar"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("language: %d", res.StatusCode)
		}
		_, body := c.get("/staff/")
		if !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
			t.Fatal("staff pages do not follow the chosen language")
		}
		if res, _ := c.post("/staff/account/language", url.Values{"csrf": {csrf}, "language": {"de"}}); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("unknown language: %d", res.StatusCode)
		}
	})
}
