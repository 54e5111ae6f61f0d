package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// openSurvey finds an open survey offered in the path's language. Its state
// is read from the database at most every Config.SurveyTTL; its published
// texts come from the cache, since a published version never changes.
func (s *Server) openSurvey(c echo.Context) (*store.Survey, error) {
	lang := c.Param("lang")
	if !s.cat.IsLang(lang) {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	if sv := s.surveys.fresh(c.Param("slug"), s.cfg.SurveyTTL); sv != nil {
		return sv, nil
	}
	ctx := c.Request().Context()
	head, err := s.store.SurveyHeadBySlug(ctx, c.Param("slug"))
	if model.ErrorCode(err) == model.CodeUnavailable && c.Request().Method == http.MethodPost {
		if cached := s.surveys.survey(c.Param("slug")); cached != nil {
			return cached, nil // the draft in the form carries the rest
		}
	}
	if err != nil {
		return nil, err
	}
	if head.State != model.SurveyOpen || head.Version == 0 {
		return nil, model.Errorf(model.CodeNotFound, "SurveyNotOpen")
	}
	sv := &store.Survey{ID: head.ID, ConsultationID: head.ConsultationID, Slug: head.Slug, State: head.State, Version: head.Version}
	if sv.Published = s.surveys.version(head.ID, head.Version); sv.Published == nil {
		if sv.Published, err = s.store.SurveyVersion(ctx, head.ID, head.Version); err != nil {
			return nil, err
		}
	}
	s.surveys.put(sv)
	return sv, nil
}

// surveyIntro is GET /{lang}/s/{slug}: the purpose, what is stored and who
// reads it, how long it takes, support contacts, and the consent choice.
func (s *Server) surveyIntro(c echo.Context) error {
	sv, err := s.openSurvey(c)
	if err != nil {
		return err
	}
	lang := c.Param("lang")
	if !slices.Contains(sv.Published.Languages, lang) {
		return s.renderSurveyLanguages(c, sv)
	}
	support, err := s.supportFor(c, lang)
	if err != nil {
		return err
	}
	p := s.surveyPageData(c, sv.Published, lang)
	p.Consent = store.ConsentAggregate
	p.Support = support
	return s.renderSurvey(c, http.StatusOK, "survey_intro", p)
}

// renderSurveyLanguages answers a survey asked for in a language it is not
// offered in: a list of the languages it is offered in.
func (s *Server) renderSurveyLanguages(c echo.Context, sv *store.Survey) error {
	p := s.surveyPageData(c, sv.Published, sv.Published.Languages[0])
	pg := s.pageFor(c)
	pg.Title = "SurveyOtherLanguages"
	pg.Data = p
	return s.render(c, http.StatusNotFound, "survey_languages", pg)
}

func (s *Server) surveyPageData(c echo.Context, d *model.Definition, lang string) *surveyPage {
	return &surveyPage{Slug: d.Slug, Title: d.Title.In(lang), Purpose: d.Purpose.In(lang), Audience: d.Audience.In(lang),
		Minutes: d.Minutes, Languages: s.surveyLanguages(d)}
}

// renderSurvey renders a page of the flow in the path's language, without
// the footer's language links (the switcher is inside the form there, so
// that switching keeps the answers).
func (s *Server) renderSurvey(c echo.Context, code int, name string, p *surveyPage) error {
	pg := s.pageFor(c)
	pg.Title = "SurveyPageTitle"
	pg.InForm = true
	pg.Data = p
	return s.render(c, code, name, pg)
}

// surveyStep is POST /{lang}/s/{slug}: every step of answering. The state
// travels in the sealed draft token; nothing is stored before "submit" or
// "save for later".
func (s *Server) surveyStep(c echo.Context) error {
	if err := s.checkRespondentLimits(c, s.submitLimiter); err != nil {
		return err
	}
	sv, err := s.openSurvey(c)
	if err != nil {
		return err
	}
	lang := c.Param("lang")
	if !slices.Contains(sv.Published.Languages, lang) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	f := &flow{s: s, c: c, sv: sv, lang: lang}
	if c.FormValue("draft") == "" {
		return f.start()
	}
	if err := f.open(); err != nil {
		return err
	}
	return f.step(c.FormValue("nav"))
}

// checkRespondentLimits applies the honeypot and the rate limits: a keyed
// hash of the address with a daily salt, in memory only.
func (s *Server) checkRespondentLimits(c echo.Context, l *privacy.Limiter) error {
	if strings.TrimSpace(c.FormValue("website")) != "" { // the honeypot: hidden from people, filled by bots
		return model.Errorf(model.CodeUnprocessable, "SubmissionRefused")
	}
	if ok, wait := l.Allow(c.RealIP()); !ok {
		return model.Errorf(model.CodeRateLimited, "RespondentRateLimited").WithData(map[string]any{"Seconds": int(wait.Seconds()) + 1})
	}
	return nil
}
