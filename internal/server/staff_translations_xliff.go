package server

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

// translationsData is the translations page of one survey's draft.
type translationsData struct {
	Slug      string
	Title     string
	Languages []translationProgress // every shipped language
	Sources   []i18n.Lang           // the draft's languages: what can be translated from
	Targets   []i18n.Lang
	Source    string // the download form, kept on error
	Target    string
	Imported  string // after an upload: the name of the language set
	Count     int    // after an upload: how many texts were set
}

// translationProgress is how far the draft is translated into one language.
type translationProgress struct {
	Lang     i18n.Lang
	InSurvey bool
	Have     int // required texts translated
	Want     int // required texts
}

// translationsPage is GET /staff/surveys/{slug}/translations: how complete
// each language is, the XLIFF download form and the upload form.
func (s *Server) translationsPage(c echo.Context) error {
	d := translationsData{Source: c.QueryParam("source"), Target: c.QueryParam("target")}
	if l, ok := s.cat.Lookup(c.QueryParam("imported")); ok {
		d.Imported = l.Name
		d.Count, _ = strconv.Atoi(c.QueryParam("count"))
	}
	return s.renderTranslations(c, http.StatusOK, d, nil)
}

func (s *Server) renderTranslations(c echo.Context, code int, d translationsData, errs []*model.Error) error {
	sv, err := s.store.SurveyBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	draft := sv.Draft
	d.Slug, d.Title = sv.Slug, firstText(draft.Title, p.T.Code(), draft.Languages)
	d.Targets = s.cat.Languages()
	for _, l := range d.Targets {
		tp := translationProgress{Lang: l, InSurvey: slices.Contains(draft.Languages, l.Code)}
		draft.Texts(func(_ string, t model.Text, required bool) {
			if required {
				tp.Want++
				if strings.TrimSpace(t[l.Code]) != "" {
					tp.Have++
				}
			}
		})
		d.Languages = append(d.Languages, tp)
		if tp.InSurvey {
			d.Sources = append(d.Sources, l)
		}
	}
	d.defaults(draft.Languages)
	p.Title = "TransTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_translations", p)
}

// defaults picks the download form's languages when none were chosen: from
// the survey's first language into the first one it lacks.
func (d *translationsData) defaults(have []string) {
	if d.Source == "" && len(have) > 0 {
		d.Source = have[0]
	}
	if d.Target != "" {
		return
	}
	for _, l := range d.Targets {
		if !slices.Contains(have, l.Code) {
			d.Target = l.Code
			return
		}
	}
	for _, l := range d.Targets {
		if l.Code != d.Source {
			d.Target = l.Code
			return
		}
	}
}

// firstText is t in lang, else in the first of langs that has it.
func firstText(t model.Text, lang string, langs []string) string {
	if v := t[lang]; v != "" {
		return v
	}
	for _, l := range langs {
		if v := t[l]; v != "" {
			return v
		}
	}
	return ""
}

// xliffExport is GET /staff/surveys/{slug}/xliff?source=en&target=es: the
// draft's texts as an XLIFF 2.0 file to translate.
func (s *Server) xliffExport(c echo.Context) error {
	sv, err := s.store.SurveyBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	source, target := c.QueryParam("source"), c.QueryParam("target")
	var errs []*model.Error
	if !slices.Contains(sv.Draft.Languages, source) {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "TransBadSource"))
	}
	if !s.cat.IsLang(target) || target == source {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "TransBadTarget"))
	}
	if len(errs) > 0 {
		return s.renderTranslations(c, http.StatusUnprocessableEntity, translationsData{Source: source, Target: target}, errs)
	}
	var buf bytes.Buffer
	if err := surveyfile.ExportXLIFF(&buf, sv.Draft, source, target); err != nil {
		return model.Internal(err)
	}
	name := fmt.Sprintf("%s.%s-%s.xlf", sv.Slug, source, target)
	c.Response().Header().Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "application/xliff+xml", buf.Bytes())
}

// xliffImport is POST /staff/surveys/{slug}/xliff: a translated XLIFF file
// (multipart field "file") sets the translations of the draft, all of them
// or, when anything in the file is wrong, none.
func (s *Server) xliffImport(c echo.Context) error {
	ctx := c.Request().Context()
	sv, err := s.store.SurveyBySlug(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	_, data, ok, err := uploadedFile(c, "file", xliffUploadMax)
	if err != nil {
		return err
	}
	if !ok {
		return s.renderTranslations(c, http.StatusUnprocessableEntity, translationsData{},
			[]*model.Error{model.Errorf(model.CodeUnprocessable, "TransNoFile")})
	}
	lang, n, err := surveyfile.ImportXLIFF(bytes.NewReader(data), sv.Draft)
	if errors.Is(err, surveyfile.ErrXLIFFTooLarge) {
		return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
	}
	if err != nil {
		return s.renderTranslations(c, http.StatusUnprocessableEntity, translationsData{}, fileProblems("TransProblem", err))
	}
	if _, err := s.store.SaveSurvey(ctx, staffUser(c), sv.ConsultationID, sv.Draft); err != nil {
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		return s.renderTranslations(c, statusOf(de.Code), translationsData{}, []*model.Error{de})
	}
	q := url.Values{"imported": {lang}, "count": {strconv.Itoa(n)}}
	return c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sv.Slug+"/translations?"+q.Encode())
}

// fileProblems lists each problem of a refused file (errors.Join keeps them
// apart) under a message key that frames the reader's own words.
func fileProblems(key string, err error) []*model.Error {
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	out := make([]*model.Error, len(list))
	for i, e := range list {
		out[i] = model.Errorf(model.CodeUnprocessable, key).WithData(map[string]any{"Detail": e.Error()})
	}
	return out
}
