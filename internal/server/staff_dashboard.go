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
	p := s.staffPage(c)
	p.Title = "DashboardTitle"
	return s.render(c, http.StatusOK, "staff_dashboard", p)
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
