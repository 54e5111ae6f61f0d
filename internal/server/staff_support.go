package server

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// Longest support directory texts: short enough for a phone screen.
const (
	supportTextMax        = 200
	supportDescriptionMax = 1000
)

// supportData is the support directory page.
type supportData struct {
	Groups    []supportLanguage
	Languages []i18n.Lang
	Form      store.SupportContact // the add form, kept on error
}

// supportLanguage is the directory in one language, by country.
type supportLanguage struct {
	Lang     i18n.Lang
	Contacts []store.SupportContact
}

// supportList is GET /staff/support: the directory by language and country,
// and a form to add an entry.
func (s *Server) supportList(c echo.Context) error {
	return s.renderSupport(c, http.StatusOK, store.SupportContact{Language: staffUser(c).Language}, nil)
}

func (s *Server) renderSupport(c echo.Context, code int, form store.SupportContact, errs []*model.Error) error {
	all, err := s.store.SupportContacts(c.Request().Context(), "")
	if err != nil {
		return err
	}
	d := supportData{Languages: s.cat.Languages(), Form: form}
	for _, l := range d.Languages {
		g := supportLanguage{Lang: l}
		for _, ct := range all { // already by country, then name
			if ct.Language == l.Code {
				g.Contacts = append(g.Contacts, ct)
			}
		}
		if len(g.Contacts) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	p := s.staffPage(c)
	p.Title = "DirectoryTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_support", p)
}

// supportAdd is POST /staff/support: a new directory entry.
func (s *Server) supportAdd(c echo.Context) error {
	ct := store.SupportContact{
		Country:     strings.ToUpper(strings.TrimSpace(c.FormValue("country"))),
		Language:    c.FormValue("language"),
		Name:        strings.TrimSpace(c.FormValue("name")),
		Contact:     strings.TrimSpace(c.FormValue("contact")),
		Description: strings.TrimSpace(c.FormValue("description")),
	}
	if errs := s.checkSupportContact(&ct); len(errs) > 0 {
		return s.renderSupport(c, http.StatusUnprocessableEntity, ct, errs)
	}
	form := ct // the store sets the id; the form keeps what was typed
	if err := s.store.AddSupportContact(c.Request().Context(), staffUser(c), &ct); err != nil {
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable {
			return err
		}
		return s.renderSupport(c, http.StatusUnprocessableEntity, form, []*model.Error{de})
	}
	return c.Redirect(http.StatusSeeOther, "/staff/support")
}

// checkSupportContact checks what the store leaves to the form: a shipped
// language, a country of two letters, and lengths.
func (s *Server) checkSupportContact(ct *store.SupportContact) []*model.Error {
	var errs []*model.Error
	if !s.cat.IsLang(ct.Language) {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "DirectoryBadLanguage"))
	}
	if ct.Country != "" && (len(ct.Country) != 2 || strings.Trim(ct.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "DirectoryBadCountry"))
	}
	if ct.Name == "" || ct.Contact == "" {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "SupportContactInvalid"))
	}
	if utf8.RuneCountInString(ct.Name) > supportTextMax || utf8.RuneCountInString(ct.Contact) > supportTextMax ||
		utf8.RuneCountInString(ct.Description) > supportDescriptionMax {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "DirectoryTooLong").
			WithData(map[string]any{"Max": supportTextMax, "MaxDescription": supportDescriptionMax}))
	}
	return errs
}

// supportDelete is POST /staff/support/{id}/delete.
func (s *Server) supportDelete(c echo.Context) error {
	if err := s.store.DeleteSupportContact(c.Request().Context(), staffUser(c), c.Param("id")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/support")
}
