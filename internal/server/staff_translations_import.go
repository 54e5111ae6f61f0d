package server

import (
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

// surveyFileTypes are the extensions surveyfile.Read takes.
var surveyFileTypes = []string{".json", ".yaml", ".yml", ".xlsx"}

// importData is the survey file upload page.
type importData struct {
	Consultations []consultationOption
	Consultation  string // the chosen consultation's slug, kept on error
	Saved         string // after an upload: the slug of the survey saved
}

type consultationOption struct {
	Slug, Name string
}

// surveyImportForm is GET /staff/surveys/import: the accepted formats and
// the upload form; after an upload (?saved=SLUG) links to the survey.
func (s *Server) surveyImportForm(c echo.Context) error {
	d := importData{Consultation: c.QueryParam("consultation")}
	if saved := c.QueryParam("saved"); model.SlugPattern.MatchString(saved) {
		d.Saved = saved
	}
	return s.renderImport(c, http.StatusOK, d, nil)
}

func (s *Server) renderImport(c echo.Context, code int, d importData, errs []*model.Error) error {
	cs, err := s.store.Consultations(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	for _, cn := range cs {
		d.Consultations = append(d.Consultations, consultationOption{Slug: cn.Slug, Name: firstText(cn.Name, p.T.Code(), cn.Languages)})
	}
	p.Title = "UploadTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_import", p)
}

// surveyImport is POST /staff/surveys/import: a survey file (multipart field
// "file": JSON, YAML or XLSForm) becomes a new survey's draft in the chosen
// consultation, or replaces the draft of the survey with its slug. A file
// with anything wrong saves nothing and lists every problem found.
func (s *Server) surveyImport(c echo.Context) error {
	ctx := c.Request().Context()
	d := importData{Consultation: c.FormValue("consultation")}
	refuse := func(code int, errs ...*model.Error) error { return s.renderImport(c, code, d, errs) }
	name, data, ok, err := uploadedFile(c, "file", surveyUploadMax)
	if err != nil {
		return err
	}
	var errs []*model.Error
	cn, err := s.store.ConsultationBySlug(ctx, d.Consultation)
	switch {
	case model.ErrorCode(err) == model.CodeNotFound:
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "UploadNoConsultation"))
	case err != nil:
		return err
	}
	switch {
	case !ok:
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "UploadNoFile"))
	case !slices.Contains(surveyFileTypes, strings.ToLower(filepath.Ext(name))):
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "UploadBadType"))
	}
	if len(errs) > 0 {
		return refuse(http.StatusUnprocessableEntity, errs...)
	}
	def, err := surveyfile.Read(name, data)
	if errors.Is(err, surveyfile.ErrTooLarge) {
		return refuse(http.StatusRequestEntityTooLarge, model.Errorf(model.CodeTooLarge, "ErrorTooLarge"))
	}
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, s.readProblems(c, err)...)
	}
	if def.Slug == "import" { // GET /staff/surveys/import would hide its editor
		return refuse(http.StatusUnprocessableEntity, model.Errorf(model.CodeUnprocessable, "UploadReservedSlug").WithData(map[string]any{"Slug": def.Slug}))
	}
	if old, err := s.store.SurveyBySlug(ctx, def.Slug); err == nil && old.ConsultationID != cn.ID {
		return refuse(http.StatusConflict, model.Errorf(model.CodeConflict, "UploadOtherConsultation").WithData(map[string]any{"Slug": def.Slug}))
	} else if err != nil && model.ErrorCode(err) != model.CodeNotFound {
		return err
	}
	if _, err := s.store.SaveSurvey(ctx, staffUser(c), cn.ID, def); err != nil {
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		return refuse(statusOf(de.Code), de)
	}
	return c.Redirect(http.StatusSeeOther, "/staff/surveys/import?"+url.Values{"saved": {def.Slug}}.Encode())
}

// readProblems turns a reader's refusal into page errors: a workbook cell
// by sheet, row and column; a rule of the survey model in the page's
// language; anything else in the reader's words.
func (s *Server) readProblems(c echo.Context, err error) []*model.Error {
	var cell *surveyfile.CellError
	var imp *surveyfile.ImportError
	switch {
	case errors.As(err, &cell):
		data := map[string]any{"Sheet": cell.Sheet, "Row": cell.Row, "Column": cell.Column, "Detail": cell.Msg}
		key := "UploadCellProblem"
		switch {
		case cell.Row == 0:
			key = "UploadSheetProblem"
		case cell.Column == "":
			key = "UploadRowProblem"
		}
		return []*model.Error{model.Errorf(model.CodeUnprocessable, key).WithData(data)}
	case errors.As(err, &imp):
		t := s.staffPage(c).T
		out := make([]*model.Error, len(imp.Problems))
		for i, p := range imp.Problems {
			out[i] = model.Errorf(model.CodeUnprocessable, "UploadProblemAt").
				WithData(map[string]any{"Where": p.Where, "Problem": t.T(p.Key, p.Data)})
		}
		return out
	default:
		return fileProblems("UploadFileProblem", err)
	}
}
