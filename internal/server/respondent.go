package server

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// negotiateLanguage is GET /: it sends the browser to /{lang}/ in the best
// shipped language for its Accept-Language header.
func (s *Server) negotiateLanguage(c echo.Context) error {
	c.Response().Header().Add("Vary", "Accept-Language")
	return c.Redirect(http.StatusFound, "/"+s.cat.Negotiate(c.Request().Header.Get("Accept-Language"))+"/")
}

// langRedirect is GET /{lang}: it adds the trailing slash.
func (s *Server) langRedirect(c echo.Context) error {
	if !s.cat.IsLang(c.Param("lang")) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	return c.Redirect(http.StatusMovedPermanently, "/"+c.Param("lang")+"/")
}

// landingData lists what a respondent can take part in.
type landingData struct {
	Surveys  []surveyLink
	Channels []surveyLink // Purpose holds a channel's description
}

type surveyLink struct {
	Slug, Title, Purpose string
}

// landing is GET /{lang}/: the respondent home page, listing open surveys
// and channels.
func (s *Server) landing(c echo.Context) error {
	if !s.cat.IsLang(c.Param("lang")) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	lang := c.Param("lang")
	open, err := s.store.Surveys(c.Request().Context(), model.SurveyOpen)
	if err != nil {
		return err
	}
	var d landingData
	for _, sv := range open {
		if sv.Published != nil && slices.Contains(sv.Published.Languages, lang) {
			d.Surveys = append(d.Surveys, surveyLink{Slug: sv.Slug, Title: sv.Published.Title.In(lang), Purpose: sv.Published.Purpose.In(lang)})
		}
	}
	channels, err := s.store.Channels(c.Request().Context(), true)
	if err != nil {
		return err
	}
	for _, ch := range channels {
		if slices.Contains(ch.Languages, lang) {
			d.Channels = append(d.Channels, surveyLink{Slug: ch.Slug, Title: ch.Title.In(lang), Purpose: ch.Description.In(lang)})
		}
	}
	p := s.pageFor(c)
	p.Title = "LandingTitle"
	p.Data = d
	return s.render(c, http.StatusOK, "landing", p)
}
