package server

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// surveyAdminRoutes registers the staff pages for consultations and surveys.
// Every change is a plain form POST followed by a redirect; the editor's
// small forms name the part they change (section, question, choice) in
// form fields, so the routes carry no other parameter than the slug.
func (s *Server) surveyAdminRoutes(st *echo.Group) {
	manage := s.require(model.ActionManageSurveys)
	st.GET("/surveys", s.surveyList, manage)
	st.POST("/consultations", s.consultationCreate, manage)
	st.POST("/surveys", s.surveyCreate, manage)
	st.GET("/surveys/:slug", s.surveyEditor, manage)
	st.GET("/surveys/:slug/preview/:lang", s.surveyPreview, manage)
	for _, e := range s.draftEdits() {
		st.POST("/surveys/:slug/"+e.path, s.editDraft(e), manage)
	}
	st.POST("/surveys/:slug/publish", s.surveyPublish, manage)
	st.POST("/surveys/:slug/close", s.surveyTransition(model.SurveyClosed), manage)
	st.POST("/surveys/:slug/reopen", s.surveyTransition(model.SurveyOpen), manage)
	st.POST("/surveys/:slug/archive", s.surveyTransition(model.SurveyArchived), manage)
}

// reservedSurveySlugs are staff pages under /staff/surveys/ that a survey's
// editor would collide with.
var reservedSurveySlugs = []string{"import"}

// Limits of what staff type into the survey pages.
const (
	maxNameLen = 200
	maxTextLen = 5000
)

type surveyListData struct {
	Consultations   []consultationView
	NewConsultation consultationForm
	NewSurvey       surveyForm
	ConsultLangs    []langOption // the create-consultation form's boxes
	SurveyLangs     []langOption // the create-survey form's boxes
}

type consultationView struct {
	Slug, Name, StartsOn, EndsOn string
	Languages                    []string
	Surveys                      []surveySummary
}

type surveySummary struct {
	Slug, Title string
	State       string
	Version     int
	Changed     bool // the draft differs from the published version
	Responses   int64
	Figures     []langFigure
}

// langFigure is a language's completeness: texts that exist of those needed.
type langFigure struct {
	Lang       i18n.Lang
	Have, Want int
	Complete   bool
}

// langOption is a language checkbox.
type langOption struct {
	Lang    i18n.Lang
	Checked bool
}

type consultationForm struct {
	Slug, Name, StartsOn, EndsOn string
	Languages                    []string
}

type surveyForm struct {
	Slug, Consultation, Title string
	Languages                 []string
}

// surveyList is GET /staff/surveys: every consultation with its surveys,
// their state, version, responses and completeness per language, and the
// forms to add a consultation or a survey.
func (s *Server) surveyList(c echo.Context) error {
	return s.renderSurveyList(c, http.StatusOK, surveyListData{}, nil)
}

func (s *Server) renderSurveyList(c echo.Context, code int, d surveyListData, errs []*model.Error) error {
	ctx := c.Request().Context()
	cs, err := s.store.Consultations(ctx)
	if err != nil {
		return err
	}
	svs, err := s.store.Surveys(ctx, "")
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	for _, cn := range cs {
		v := consultationView{Slug: cn.Slug, Name: textFor(cn.Name, p.T.Code(), cn.Languages), StartsOn: cn.StartsOn, EndsOn: cn.EndsOn, Languages: cn.Languages}
		for _, sv := range svs {
			if sv.ConsultationID != cn.ID {
				continue
			}
			n, err := s.store.CountResponses(ctx, sv.ID)
			if err != nil {
				return err
			}
			v.Surveys = append(v.Surveys, surveySummary{Slug: sv.Slug, Title: textFor(sv.Draft.Title, p.T.Code(), sv.Draft.Languages),
				State: string(sv.State), Version: sv.Version, Changed: draftChanged(sv), Responses: n, Figures: s.figures(sv.Draft)})
		}
		d.Consultations = append(d.Consultations, v)
	}
	d.ConsultLangs = s.langOptions(d.NewConsultation.Languages)
	d.SurveyLangs = s.langOptions(d.NewSurvey.Languages)
	p.Title = "EditorSurveysTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_surveys", p)
}

// consultationCreate is POST /staff/consultations.
func (s *Server) consultationCreate(c echo.Context) error {
	f := consultationForm{Slug: strings.TrimSpace(c.FormValue("slug")), Name: strings.TrimSpace(c.FormValue("name")),
		StartsOn: strings.TrimSpace(c.FormValue("starts_on")), EndsOn: strings.TrimSpace(c.FormValue("ends_on")), Languages: s.formLanguages(c)}
	errs := f.check()
	if len(errs) == 0 {
		cn := &model.Consultation{Slug: f.Slug, Name: model.Text{f.Languages[0]: f.Name}, StartsOn: f.StartsOn, EndsOn: f.EndsOn, Languages: f.Languages}
		err := s.store.CreateConsultation(c.Request().Context(), staffUser(c), cn)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/staff/surveys#c-"+cn.Slug)
		}
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		errs = append(errs, de)
	}
	return s.renderSurveyList(c, statusOf(errs[0].Code), surveyListData{NewConsultation: f}, errs)
}

func (f consultationForm) check() []*model.Error {
	var errs []*model.Error
	bad := func(key string, data map[string]any) {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, key).WithData(data))
	}
	if !model.SlugPattern.MatchString(f.Slug) {
		bad("SurveyBadSlug", map[string]any{"Slug": f.Slug})
	}
	if f.Name == "" {
		bad("EditorNameRequired", nil)
	} else if utf8.RuneCountInString(f.Name) > maxNameLen {
		bad("EditorTooLong", map[string]any{"Max": maxNameLen})
	}
	starts, err := time.Parse(time.DateOnly, f.StartsOn)
	if err != nil {
		bad("EditorBadDate", map[string]any{"Date": f.StartsOn})
	}
	if f.EndsOn != "" {
		ends, err2 := time.Parse(time.DateOnly, f.EndsOn)
		switch {
		case err2 != nil:
			bad("EditorBadDate", map[string]any{"Date": f.EndsOn})
		case err == nil && ends.Before(starts):
			bad("EditorEndsBeforeStarts", nil)
		}
	}
	if len(f.Languages) == 0 {
		bad("SurveyNoLanguage", nil)
	}
	return errs
}

// surveyCreate is POST /staff/surveys: a new draft survey in a consultation,
// with its languages (the consultation's when none is ticked) and its title
// in the first of them. The draft starts with one section holding one
// question, so that it is a valid survey from the start.
func (s *Server) surveyCreate(c echo.Context) error {
	ctx := c.Request().Context()
	f := surveyForm{Slug: strings.TrimSpace(c.FormValue("slug")), Consultation: c.FormValue("consultation"),
		Title: strings.TrimSpace(c.FormValue("title")), Languages: s.formLanguages(c)}
	var errs []*model.Error
	bad := func(key string, data map[string]any) {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, key).WithData(data))
	}
	cn, err := s.store.ConsultationBySlug(ctx, f.Consultation)
	switch {
	case model.ErrorCode(err) == model.CodeNotFound:
		bad("EditorChooseConsultation", nil)
	case err != nil:
		return err
	case len(f.Languages) == 0:
		f.Languages = s.orderLanguages(cn.Languages)
	}
	if slices.Contains(reservedSurveySlugs, f.Slug) {
		bad("EditorSlugReserved", map[string]any{"Slug": f.Slug})
	}
	if f.Title == "" {
		bad("EditorTitleRequired", nil)
	} else if utf8.RuneCountInString(f.Title) > maxNameLen {
		bad("EditorTooLong", map[string]any{"Max": maxNameLen})
	}
	d := &model.Definition{Slug: f.Slug, Languages: f.Languages, Title: model.Text{},
		Sections: []model.Section{{ID: "s1", Title: model.Text{}, Questions: []model.Question{{ID: "q1", Type: model.LongText, Text: model.Text{}}}}}}
	if len(f.Languages) > 0 {
		d.Title[f.Languages[0]] = f.Title
	}
	if cn != nil {
		errs = append(errs, s.problemErrors(c, d, d.Validate(s.cat.IsLang))...)
	}
	if len(errs) == 0 {
		_, err := s.store.CreateSurvey(ctx, staffUser(c), cn.ID, d)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/staff/surveys/"+d.Slug)
		}
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		errs = append(errs, de)
	}
	return s.renderSurveyList(c, statusOf(errs[0].Code), surveyListData{NewSurvey: f}, errs)
}

// formLanguages reads the ticked language boxes, in the catalog's order,
// dropping anything that is not a shipped language.
func (s *Server) formLanguages(c echo.Context) []string {
	return s.orderLanguages(c.Request().Form["language"])
}

func (s *Server) orderLanguages(codes []string) []string {
	var out []string
	for _, l := range s.cat.Languages() {
		if slices.Contains(codes, l.Code) {
			out = append(out, l.Code)
		}
	}
	return out
}

func (s *Server) langOptions(checked []string) []langOption {
	var out []langOption
	for _, l := range s.cat.Languages() {
		out = append(out, langOption{Lang: l, Checked: slices.Contains(checked, l.Code)})
	}
	return out
}

// figures is the completeness of a definition in each of its languages.
func (s *Server) figures(d *model.Definition) []langFigure {
	var out []langFigure
	for _, code := range d.Languages {
		l, ok := s.cat.Lookup(code)
		if !ok {
			l = i18n.Lang{Code: code, Name: code}
		}
		have, want := d.Completeness(code)
		out = append(out, langFigure{Lang: l, Have: have, Want: want, Complete: have == want})
	}
	return out
}

// textFor shows a text in the reader's language, else in the first of the
// given languages that has it, else in any.
func textFor(t model.Text, lang string, langs []string) string {
	if v := strings.TrimSpace(t[lang]); v != "" {
		return v
	}
	for _, l := range langs {
		if v := strings.TrimSpace(t[l]); v != "" {
			return v
		}
	}
	for _, l := range slices.Sorted(maps.Keys(t)) {
		if v := strings.TrimSpace(t[l]); v != "" {
			return v
		}
	}
	return ""
}

// draftChanged reports whether a survey's draft differs from its published
// version (always true before the first publication).
func draftChanged(sv *store.Survey) bool {
	return sv.Published == nil || definitionRev(sv.Draft) != definitionRev(sv.Published)
}
