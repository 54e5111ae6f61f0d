package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// dashboardRedirect is GET /staff: the dashboard lives at /staff/.
func (s *Server) dashboardRedirect(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, "/staff/")
}

// dashboard is GET /staff/: one section for each role the staff member holds.
func (s *Server) dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	p := s.staffPage(c)
	p.Title = "DashboardTitle"
	u := staffUser(c)
	var d dashboardData
	if u.Roles.Has(model.RoleModerator) || u.Roles.Has(model.RoleAdmin) {
		counts, err := s.store.CountByLanguage(ctx, model.ModPending)
		if err != nil {
			return err
		}
		for _, n := range counts {
			lc := langCount{Code: n.Language, Name: s.langName(n.Language), Count: n.Count}
			if u.Languages.Has(n.Language) {
				d.Mine = append(d.Mine, lc)
			}
			d.All = append(d.All, lc)
		}
	}
	if u.Roles.Has(model.RoleAdmin) {
		flagged, err := s.store.CountByLanguage(ctx, model.ModSafeguarding)
		if err != nil {
			return err
		}
		for _, n := range flagged {
			d.Safeguarding += n.Count
		}
	}
	p.Data = d
	return s.render(c, http.StatusOK, "staff_dashboard", p)
}

// dashboardData holds counts only: how many items wait, per language.
type dashboardData struct {
	Mine, All    []langCount
	Safeguarding int
}

type accountData struct {
	Languages []i18n.Lang
}

// accountForm is GET /staff/account: own roles and language.
func (s *Server) accountForm(c echo.Context) error {
	p := s.staffPage(c)
	p.Title = "AccountTitle"
	p.Data = accountData{Languages: s.cat.Languages()}
	return s.render(c, http.StatusOK, "staff_account", p)
}

// accountLanguage is POST /staff/account/language.
func (s *Server) accountLanguage(c echo.Context) error {
	lang := c.FormValue("language")
	if !s.cat.IsLang(lang) {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	if err := s.store.SetLanguage(c.Request().Context(), staffUser(c).ID, lang); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/account")
}
