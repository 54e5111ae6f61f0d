package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

type staffListData struct {
	Staff     []model.StaffUser
	Roles     []model.Role
	Languages []i18n.Lang
	Email     string      // the create form, kept on error
	Checked   model.Roles // the create form, kept on error
	Language  string
}

type staffUserData struct {
	Staff     *model.StaffUser
	Roles     []model.Role
	Languages []i18n.Lang
}

type linkData struct {
	Staff *model.StaffUser
	URL   string
}

// staffList is GET /staff/admin/users: every account, and a form to add one.
func (s *Server) staffList(c echo.Context) error {
	return s.renderStaffList(c, http.StatusOK, staffListData{Language: staffUser(c).Language}, nil)
}

func (s *Server) renderStaffList(c echo.Context, code int, d staffListData, errs []*model.Error) error {
	all, err := s.store.ListStaff(c.Request().Context())
	if err != nil {
		return err
	}
	d.Staff, d.Roles, d.Languages = all, model.AllRoles, s.cat.Languages()
	p := s.staffPage(c)
	p.Title = "StaffTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_users", p)
}

// formRoles reads the checked role boxes.
func formRoles(c echo.Context) model.Roles {
	var rs model.Roles
	for _, r := range c.Request().Form["role"] {
		rs = append(rs, model.Role(r))
	}
	return rs
}

// staffCreate is POST /staff/admin/users: it adds an account and shows its
// one-time sign-in link once.
func (s *Server) staffCreate(c echo.Context) error {
	lang := c.FormValue("language")
	if !s.cat.IsLang(lang) {
		lang = i18n.Default
	}
	roles := formRoles(c)
	u, token, err := s.store.CreateStaff(c.Request().Context(), staffUser(c), c.FormValue("email"), roles, lang)
	if err != nil {
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict && de.Code != model.CodeInvalid {
			return err
		}
		return s.renderStaffList(c, statusOf(de.Code), staffListData{Email: c.FormValue("email"), Checked: roles, Language: lang}, []*model.Error{de})
	}
	return s.renderLink(c, u, token)
}

func (s *Server) renderLink(c echo.Context, u *model.StaffUser, token string) error {
	p := s.staffPage(c)
	p.Title = "LinkTitle"
	p.Data = linkData{Staff: u, URL: s.setupURL(token)}
	return s.render(c, http.StatusOK, "staff_link", p)
}

// staffShow is GET /staff/admin/users/{id}.
func (s *Server) staffShow(c echo.Context) error {
	return s.renderStaffUser(c, http.StatusOK, nil)
}

func (s *Server) renderStaffUser(c echo.Context, code int, errs []*model.Error) error {
	u, err := s.store.StaffByID(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	p.Title = "StaffTitle"
	p.Errors = errs
	p.Data = staffUserData{Staff: u, Roles: model.AllRoles, Languages: s.cat.Languages()}
	return s.render(c, code, "staff_user", p)
}

// staffRoles is POST /staff/admin/users/{id}/roles.
func (s *Server) staffRoles(c echo.Context) error {
	return s.staffChange(c, s.store.SetRoles(c.Request().Context(), staffUser(c), c.Param("id"), formRoles(c)))
}

// staffLanguages is POST /staff/admin/users/{id}/languages: the languages
// a moderator works in.
func (s *Server) staffLanguages(c echo.Context) error {
	langs, err := model.ParseLanguages(strings.Join(c.Request().Form["language"], ","), s.cat.IsLang)
	if err != nil {
		return s.staffChange(c, err)
	}
	return s.staffChange(c, s.store.SetModeratorLanguages(c.Request().Context(), staffUser(c), c.Param("id"), langs))
}

// staffDisable is POST /staff/admin/users/{id}/disable: the account's
// sessions end at once.
func (s *Server) staffDisable(c echo.Context) error {
	return s.staffChange(c, s.store.SetDisabled(c.Request().Context(), staffUser(c), c.Param("id"), true))
}

// staffEnable is POST /staff/admin/users/{id}/enable.
func (s *Server) staffEnable(c echo.Context) error {
	return s.staffChange(c, s.store.SetDisabled(c.Request().Context(), staffUser(c), c.Param("id"), false))
}

// staffChange redirects back to the account after a change, or shows the
// account page with the refusal.
func (s *Server) staffChange(c echo.Context, err error) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/staff/admin/users/"+c.Param("id"))
	}
	de := model.AsError(err)
	if de.Code != model.CodeUnprocessable && de.Code != model.CodeInvalid {
		return err
	}
	return s.renderStaffUser(c, statusOf(de.Code), []*model.Error{de})
}

// staffLink is POST /staff/admin/users/{id}/link: a new one-time sign-in
// link. It clears the password and TOTP and ends the sessions, so the person
// enrols the second factor again.
func (s *Server) staffLink(c echo.Context) error {
	ctx := c.Request().Context()
	token, err := s.store.ReissueLink(ctx, staffUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	u, err := s.store.StaffByID(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderLink(c, u, token)
}
