package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// surveyPublish is POST /staff/surveys/{slug}/publish: the draft becomes
// the next version, frozen, and the survey opens (or stays open) with it.
// Responses already begun keep the version they started on. It is refused
// while the draft has a structural problem or a language whose texts are
// not all there: a survey opens only in complete languages.
func (s *Server) surveyPublish(c echo.Context) error {
	ctx := c.Request().Context()
	sv, err := s.store.SurveyBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	refuse := func(code int, errs ...*model.Error) error {
		return s.renderEditor(c, code, sv, sv.Draft, errs)
	}
	switch {
	case c.FormValue("rev") != definitionRev(sv.Draft):
		return refuse(http.StatusConflict, model.Errorf(model.CodeConflict, "EditorChanged"))
	case sv.State == model.SurveyArchived:
		return refuse(http.StatusUnprocessableEntity, model.Errorf(model.CodeUnprocessable, "SurveyArchived"))
	case sv.State == model.SurveyClosed:
		return refuse(http.StatusUnprocessableEntity, model.Errorf(model.CodeUnprocessable, "EditorPublishClosed"))
	case sv.State == model.SurveyOpen && !draftChanged(sv):
		return refuse(http.StatusUnprocessableEntity, model.Errorf(model.CodeUnprocessable, "EditorNothingToPublish").
			WithData(map[string]any{"Version": sv.Version}))
	}
	if errs := s.publishProblems(c, sv.Draft); len(errs) > 0 {
		return refuse(http.StatusUnprocessableEntity, errs...)
	}
	version, err := s.store.Publish(ctx, staffUser(c), sv.ID)
	if err != nil {
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		return refuse(statusOf(de.Code), de)
	}
	return c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sv.Slug+"?published="+strconv.Itoa(version))
}

// surveyTransition handles POST /staff/surveys/{slug}/close (open →
// closed), /reopen (closed → open, with the current version) and /archive
// (closed → archived, for good).
func (s *Server) surveyTransition(next model.SurveyState) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		sv, err := s.store.SurveyBySlug(ctx, c.Param("slug"))
		if err != nil {
			return err
		}
		if err := s.store.SetSurveyState(ctx, staffUser(c), sv.ID, next); err != nil {
			de := model.AsError(err)
			if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
				return err
			}
			if de.Key == "SurveyBadTransition" { // name the states in the reader's language
				t := s.staffPage(c).T
				de = de.WithData(map[string]any{"From": t.T("EditorState_" + string(sv.State)), "To": t.T("EditorState_" + string(next))})
			}
			return s.renderEditor(c, statusOf(de.Code), sv, sv.Draft, []*model.Error{de})
		}
		return c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sv.Slug)
	}
}

// previewData is a survey's draft in one language, read-only.
type previewData struct {
	Slug      string
	Lang      i18n.Lang
	RT        *i18n.Translator // the respondent's language, for the flow's own words
	Title     string
	Purpose   string
	Audience  string
	Minutes   int
	Languages []langFigure
	Sections  []previewSection
}

type previewSection struct {
	ID, Title, Warning string
	Shown              []string // its conditions, in the staff member's words
	Questions          []previewQuestion
}

type previewQuestion struct {
	questionView
	Shown []string
}

// surveyPreview is GET /staff/surveys/{slug}/preview/{lang}: the draft as a
// respondent would read it in one of its languages, every section on one
// page, with the conditions that show or hide a part, and every missing
// text marked.
func (s *Server) surveyPreview(c echo.Context) error {
	sv, err := s.store.SurveyBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	d := sv.Draft
	lang := c.Param("lang")
	l, ok := s.cat.Lookup(lang)
	if !ok || !slices.Contains(d.Languages, lang) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	pd := previewData{Slug: sv.Slug, Lang: l, RT: s.cat.Translator(lang), Title: d.Title.In(lang), Purpose: d.Purpose.In(lang),
		Audience: d.Audience.In(lang), Minutes: d.Minutes, Languages: s.figures(d)}
	p := s.staffPage(c)
	for _, sec := range d.Sections {
		ps := previewSection{ID: sec.ID, Title: sec.Title.In(lang), Warning: sec.Warning.In(lang), Shown: conditionTexts(p.T, sec.ShowIf)}
		for j := range sec.Questions {
			q := &sec.Questions[j]
			ps.Questions = append(ps.Questions, previewQuestion{questionView: questionFor(q, lang, model.Answer{}, nil, nil),
				Shown: conditionTexts(p.T, q.ShowIf)})
		}
		pd.Sections = append(pd.Sections, ps)
	}
	p.Title = "EditorPreviewTitle"
	p.Data = pd
	return s.render(c, http.StatusOK, "staff_survey_preview", p)
}

// conditionTexts says when a part is shown, in the staff member's language.
func conditionTexts(t *i18n.Translator, cs []model.Condition) []string {
	var out []string
	for _, c := range editorConditions(cs) {
		out = append(out, t.T("EditorShownIf", "Question", c.Question, "Op", t.T("EditorOp_"+c.Op), "Values", c.Values))
	}
	return out
}
