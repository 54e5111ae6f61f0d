package server

import (
	"context"
	"github.com/labstack/echo/v4"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

// access is the declared authorization table: for every route, who may use
// it. "public" routes are open to everyone; staff routes list their roles.
// A route missing here fails TestAuthorizationMatrix.
var access = map[string][]string{
	"GET /healthz":                        {"public"},
	"GET /readyz":                         {"public"},
	"GET /robots.txt":                     {"public"},
	"GET /static/:name":                   {"public"},
	"GET /":                               {"public"},
	"GET /:lang":                          {"public"},
	"GET /:lang/s/:slug":                  {"public"},
	"POST /:lang/s/:slug":                 {"public"},
	"GET /:lang/receipt":                  {"public"},
	"POST /:lang/receipt":                 {"public"},
	"GET /:lang/":                         {"public"},
	"GET /staff/login":                    {"public"},
	"POST /staff/login":                   {"public"},
	"GET /staff/setup/:token":             {"public"},
	"POST /staff/setup/:token":            {"public"},
	"GET /staff":                          {"public"},
	"POST /staff/logout":                  {"admin", "moderator", "council", "cochair"},
	"GET /staff/":                         {"admin", "moderator", "council", "cochair"},
	"GET /staff/account":                  {"admin", "moderator", "council", "cochair"},
	"POST /staff/account/language":        {"admin", "moderator", "council", "cochair"},
	"GET /staff/admin/users":              {"admin"},
	"POST /staff/admin/users":             {"admin"},
	"GET /staff/admin/users/:id":          {"admin"},
	"POST /staff/admin/users/:id/roles":   {"admin"},
	"POST /staff/admin/users/:id/disable": {"admin"},
	"POST /staff/admin/users/:id/enable":  {"admin"},
	"POST /staff/admin/users/:id/link":    {"admin"},
	"GET /staff/audit":                    {"admin", "council"},
}

// target fills a route's parameters with values that exist.
func (h *harness) target(path, userID string) string {
	asset, _ := h.srv.assets.url("app.css")
	r := strings.NewReplacer(":lang", "en", ":token", "no-such-token", ":id", userID, ":slug", "no-such-survey")
	if path == "/static/:name" {
		return asset
	}
	return r.Replace(path)
}

// accessOf finds a route in the declared tables: the one above and those of
// each area (accessSurveys, accessTranslations).
func accessOf(key string) ([]string, bool) {
	for _, table := range []map[string][]string{access, accessSurveys, accessTranslations, accessChannels, accessModeration} {
		if a, ok := table[key]; ok {
			return a, true
		}
	}
	return nil, false
}

func TestAuthorizationMatrix(t *testing.T) {
	h := newHarness(t)
	var routes []*echo.Route
	for _, r := range h.srv.Routes() {
		if r.Method != echo.RouteNotFound { // Echo's own 404 catch-alls for groups
			routes = append(routes, r)
		}
	}
	for _, r := range routes {
		if _, ok := accessOf(r.Method + " " + r.Path); !ok {
			t.Errorf("route %s %s has no entry in the authorization table", r.Method, r.Path)
		}
	}
	actors := map[string]*staff{}
	for _, role := range model.AllRoles {
		actors[string(role)] = h.newStaff(string(role)+"@example.org", role)
	}
	// A separate target account, so disabling it breaks nothing.
	target := h.newStaff("target@example.org", model.RoleModerator)
	for _, who := range []string{"anonymous", "admin", "moderator", "council", "cochair"} {
		for _, r := range routes {
			key := r.Method + " " + r.Path
			allowed, _ := accessOf(key)
			t.Run(who+" "+key, func(t *testing.T) {
				c := h.client()
				form := url.Values{}
				if who != "anonymous" {
					form.Set("csrf", c.signIn(actors[who]))
				}
				var res *http.Response
				if r.Method == http.MethodPost {
					res, _ = c.post(h.target(r.Path, target.user.ID), form)
				} else {
					res, _ = c.get(h.target(r.Path, target.user.ID))
				}
				// A refusal sends to the sign-in page; sign-out goes there too, but
				// after ending the session, which it says with Clear-Site-Data.
				toLogin := res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/staff/login" &&
					res.Header.Get("Clear-Site-Data") == ""
				switch {
				case slices.Contains(allowed, "public"):
					if res.StatusCode == http.StatusForbidden || toLogin {
						t.Fatalf("public route refused: %d", res.StatusCode)
					}
				case who == "anonymous":
					if !toLogin {
						t.Fatalf("anonymous: want 303 to /staff/login, got %d %s", res.StatusCode, res.Header.Get("Location"))
					}
				case slices.Contains(allowed, who):
					if res.StatusCode == http.StatusForbidden || toLogin {
						t.Fatalf("%s refused: %d", who, res.StatusCode)
					}
				default:
					if res.StatusCode != http.StatusForbidden {
						t.Fatalf("%s not refused: %d", who, res.StatusCode)
					}
				}
			})
		}
		// Re-enable the target for the next actor.
		if err := h.st.SetDisabled(context.Background(), nil, target.user.ID, false); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStaffPostNeedsFormToken(t *testing.T) {
	h := newHarness(t)
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	c.signIn(admin)
	res, _ := c.post("/staff/admin/users", url.Values{"email": {"x@example.org"}, "role": {"council"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("POST without the form token: %d", res.StatusCode)
	}
	c.header.Set("Sec-Fetch-Site", "cross-site")
	res, _ = c.post("/staff/login", url.Values{"email": {"x@example.org"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.StatusCode)
	}
}
