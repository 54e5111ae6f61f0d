package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// editorData is the survey editor page.
type editorData struct {
	Slug         string
	Title        string
	Consultation string
	State        string
	Version      int // current published version; 0: never published
	NextVersion  int
	Published    int // ?published=N after a publication
	Responses    int64
	Editable     bool // not archived
	Changed      bool // the draft differs from the published version
	Rev          string
	Minutes      int
	Figures      []langFigure // every language of the survey
	Columns      []langFigure // the languages shown side by side
	Show         []langOption // the column chooser
	ShowCodes    []string     // the shown languages, kept across a save
	Rows         []editorRow
	Languages    []langOption // the settings' language boxes
	Sections     []editorSection
	Types        []string
	Problems     []*model.Error // what stops publication
	Form         *editorForm
}

// editorForm is what every small form of the editor carries; the parts of
// the page that draw forms hold a pointer to it, since a template cannot
// pass two values to another.
type editorForm struct {
	T         *i18n.Translator
	CSRF, Rev string
	Slug      string
	Editable  bool
	Ops       []string
}

// moveForm draws the move buttons of a section, question or choice.
type moveForm struct {
	*editorForm
	Action, Field, ID string
	Question          string // of a choice
	First, Last       bool
}

// conditionsForm draws the conditions of a section or question.
type conditionsForm struct {
	*editorForm
	Field, ID  string
	Conditions []editorCondition
	Earlier    []editorRef // questions a condition may name
}

// editorRow is one text of the survey in each shown language.
type editorRow struct {
	Key   string // message id of the row's label
	Data  map[string]any
	Long  bool
	Cells []editorCell
}

type editorCell struct {
	Lang    i18n.Lang
	Name    string
	Value   string
	Missing bool
}

type editorSection struct {
	ID, Title string
	Move      moveForm
	Conds     conditionsForm
	Questions []editorQuestion
}

type editorQuestion struct {
	ID, Type, Text string
	Required       bool
	Move           moveForm
	Conds          conditionsForm
	HasChoices     bool
	Number, IsText bool
	Note           bool
	Min, Max       string
	Integer        bool
	MaxLen         string
	Choices        []editorChoice
}

type editorChoice struct {
	Value, Label string
	Move         moveForm
}

type editorCondition struct {
	Index    int
	Question string
	Op       string
	Values   string
}

type editorRef struct {
	ID, Text string
}

// surveyEditor is GET /staff/surveys/{slug}: settings, every text in the
// survey's languages side by side with a completeness figure for each,
// sections, questions, choices and conditions, and the survey's state.
func (s *Server) surveyEditor(c echo.Context) error {
	sv, err := s.store.SurveyBySlug(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.renderEditor(c, http.StatusOK, sv, sv.Draft, nil)
}

// renderEditor shows the editor for sv with d as the draft: the stored one,
// or after a refused text change what was typed, so nothing is lost.
func (s *Server) renderEditor(c echo.Context, code int, sv *store.Survey, d *model.Definition, errs []*model.Error) error {
	ctx := c.Request().Context()
	n, err := s.store.CountResponses(ctx, sv.ID)
	if err != nil {
		return err
	}
	cn, err := s.store.ConsultationByID(ctx, sv.ConsultationID)
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	lang := p.T.Code()
	e := editorData{Slug: sv.Slug, Title: textFor(d.Title, lang, d.Languages), Consultation: textFor(cn.Name, lang, cn.Languages),
		State: string(sv.State), Version: sv.Version, NextVersion: sv.Version + 1, Responses: n,
		Editable: sv.State != model.SurveyArchived, Changed: draftChanged(sv), Rev: definitionRev(sv.Draft),
		Minutes: d.Minutes, Figures: s.figures(d), Languages: s.langOptions(d.Languages),
		Problems: s.publishProblems(c, d)}
	if v, err := strconv.Atoi(c.QueryParam("published")); err == nil && v > 0 && v <= sv.Version {
		e.Published = v
	}
	for _, t := range model.QuestionTypes {
		e.Types = append(e.Types, string(t))
	}
	show := c.Request().Form["show"]
	if show == nil {
		show = c.QueryParams()["show"]
	}
	for _, f := range e.Figures {
		if slices.Contains(show, f.Lang.Code) {
			e.Columns = append(e.Columns, f)
		}
	}
	if len(e.Columns) == 0 {
		e.Columns = e.Figures
	}
	for _, f := range e.Figures {
		shown := slices.ContainsFunc(e.Columns, func(x langFigure) bool { return x.Lang.Code == f.Lang.Code })
		e.Show = append(e.Show, langOption{Lang: f.Lang, Checked: shown})
	}
	for _, col := range e.Columns {
		e.ShowCodes = append(e.ShowCodes, col.Lang.Code)
	}
	for _, u := range textUnits(d) {
		row := editorRow{Key: u.Key, Data: u.Data, Long: u.Long}
		needed := u.Required || len(nonEmptyLangs(*u.Text)) > 0
		for _, col := range e.Columns {
			v := (*u.Text)[col.Lang.Code]
			row.Cells = append(row.Cells, editorCell{Lang: col.Lang, Name: "t." + col.Lang.Code + "." + u.ID, Value: v,
				Missing: needed && strings.TrimSpace(v) == ""})
		}
		e.Rows = append(e.Rows, row)
	}
	e.Form = &editorForm{T: p.T, CSRF: p.CSRF, Rev: e.Rev, Slug: sv.Slug, Editable: e.Editable, Ops: model.ConditionOps}
	e.Sections = editorSections(d, lang, e.Form)
	p.Title = "EditorSurveyTitle"
	p.Errors = errs
	p.Data = e
	return s.render(c, code, "staff_survey", p)
}

// editorSections is the structure of d as the editor lists it.
func editorSections(d *model.Definition, lang string, form *editorForm) []editorSection {
	var out []editorSection
	var earlier []editorRef
	all := d.Questions()
	for i, sec := range d.Sections {
		es := editorSection{ID: sec.ID, Title: textFor(sec.Title, lang, d.Languages),
			Move:  moveForm{editorForm: form, Action: "sections/move", Field: "section", ID: sec.ID, First: i == 0, Last: i == len(d.Sections)-1},
			Conds: conditionsForm{editorForm: form, Field: "section", ID: sec.ID, Conditions: editorConditions(sec.ShowIf), Earlier: slices.Clone(earlier)}}
		for j := range sec.Questions {
			q := &sec.Questions[j]
			eq := editorQuestion{ID: q.ID, Type: string(q.Type), Text: textFor(q.Text, lang, d.Languages), Required: q.Required,
				Move:       moveForm{editorForm: form, Action: "questions/move", Field: "question", ID: q.ID, First: q == all[0], Last: q == all[len(all)-1]},
				Conds:      conditionsForm{editorForm: form, Field: "question", ID: q.ID, Conditions: editorConditions(q.ShowIf), Earlier: slices.Clone(earlier)},
				HasChoices: q.HasChoices(), Number: q.Type == model.Number, IsText: q.IsText(), Note: q.Type == model.Note, Integer: q.Integer}
			if q.Min != nil {
				eq.Min = strconv.FormatFloat(*q.Min, 'f', -1, 64)
			}
			if q.Max != nil {
				eq.Max = strconv.FormatFloat(*q.Max, 'f', -1, 64)
			}
			if q.MaxLen > 0 {
				eq.MaxLen = strconv.Itoa(q.MaxLen)
			}
			for k, ch := range q.Choices {
				eq.Choices = append(eq.Choices, editorChoice{Value: ch.Value, Label: textFor(ch.Label, lang, d.Languages),
					Move: moveForm{editorForm: form, Action: "choices/move", Field: "choice", ID: ch.Value, Question: q.ID, First: k == 0, Last: k == len(q.Choices)-1}})
			}
			es.Questions = append(es.Questions, eq)
			if q.Type != model.Note {
				earlier = append(earlier, editorRef{ID: q.ID, Text: eq.Text})
			}
		}
		out = append(out, es)
	}
	return out
}

func editorConditions(cs []model.Condition) []editorCondition {
	var out []editorCondition
	for i, c := range cs {
		out = append(out, editorCondition{Index: i, Question: c.Question, Op: c.Op, Values: strings.Join(c.Values, ", ")})
	}
	return out
}

// textUnit is one translatable text of a definition, by pointer so that the
// editor can set it; its ID is the same as model.Definition.Texts gives.
type textUnit struct {
	ID       string
	Key      string
	Data     map[string]any
	Text     *model.Text
	Required bool
	Long     bool
}

func textUnits(d *model.Definition) []textUnit {
	us := []textUnit{
		{ID: "title", Key: "EditorTextTitle", Text: &d.Title, Required: true},
		{ID: "purpose", Key: "EditorTextPurpose", Text: &d.Purpose, Required: true, Long: true},
		{ID: "audience", Key: "EditorTextAudience", Text: &d.Audience, Long: true},
	}
	for i := range d.Sections {
		sec := &d.Sections[i]
		id := map[string]any{"ID": sec.ID}
		us = append(us,
			textUnit{ID: "section." + sec.ID + ".title", Key: "EditorTextSection", Data: id, Text: &sec.Title, Required: true},
			textUnit{ID: "section." + sec.ID + ".warning", Key: "EditorTextWarning", Data: id, Text: &sec.Warning, Long: true})
		for j := range sec.Questions {
			q := &sec.Questions[j]
			qid := map[string]any{"ID": q.ID}
			us = append(us,
				textUnit{ID: "question." + q.ID + ".text", Key: "EditorTextQuestion", Data: qid, Text: &q.Text, Required: true, Long: true},
				textUnit{ID: "question." + q.ID + ".hint", Key: "EditorTextHint", Data: qid, Text: &q.Hint})
			for k := range q.Choices {
				ch := &q.Choices[k]
				us = append(us, textUnit{ID: "question." + q.ID + ".choice." + ch.Value, Key: "EditorTextChoice",
					Data: map[string]any{"ID": q.ID, "Value": ch.Value}, Text: &ch.Label, Required: true})
			}
		}
	}
	return us
}

func nonEmptyLangs(t model.Text) []string {
	var ls []string
	for l, v := range t {
		if strings.TrimSpace(v) != "" {
			ls = append(ls, l)
		}
	}
	return ls
}

// draftEdit is one of the editor's forms: it changes a copy of the draft
// and says where on the page to come back to.
type draftEdit struct {
	path      string
	apply     func(d *model.Definition, f url.Values) (back string, err *model.Error)
	keepTyped bool // on refusal, show what was typed rather than the stored draft
}

// editDraft handles POST /staff/surveys/{slug}/{edit}: the form's change
// is applied to a copy of the draft, which must still pass Validate, and
// saved with store.SaveSurvey. The published version never changes here.
// The form carries the revision of the draft it was drawn from, so that a
// change made meanwhile by someone else is not silently overwritten.
func (s *Server) editDraft(e draftEdit) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		sv, err := s.store.SurveyBySlug(ctx, c.Param("slug"))
		if err != nil {
			return err
		}
		if sv.State == model.SurveyArchived {
			return s.renderEditor(c, http.StatusUnprocessableEntity, sv, sv.Draft, []*model.Error{model.Errorf(model.CodeUnprocessable, "SurveyArchived")})
		}
		d := cloneDefinition(sv.Draft)
		back, de := e.apply(d, c.Request().Form)
		d.Slug = sv.Slug
		shown := sv.Draft
		if e.keepTyped {
			shown = d
		}
		if c.FormValue("rev") != definitionRev(sv.Draft) {
			return s.renderEditor(c, http.StatusConflict, sv, shown, []*model.Error{model.Errorf(model.CodeConflict, "EditorChanged")})
		}
		if de != nil {
			return s.renderEditor(c, statusOf(de.Code), sv, shown, []*model.Error{de})
		}
		if errs := s.problemErrors(c, d, d.Validate(s.cat.IsLang)); len(errs) > 0 {
			return s.renderEditor(c, http.StatusUnprocessableEntity, sv, shown, errs)
		}
		if _, err := s.store.SaveSurvey(ctx, staffUser(c), sv.ConsultationID, d); err != nil {
			de := model.AsError(err)
			if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
				return err
			}
			return s.renderEditor(c, statusOf(de.Code), sv, shown, []*model.Error{de})
		}
		return c.Redirect(http.StatusSeeOther, "/staff/surveys/"+sv.Slug+back)
	}
}

// publishProblems lists what stops d from being published: its structure,
// and every language of it whose texts are not complete.
func (s *Server) publishProblems(c echo.Context, d *model.Definition) []*model.Error {
	errs := s.problemErrors(c, d, d.Validate(s.cat.IsLang))
	for _, f := range s.figures(d) {
		if !f.Complete {
			errs = append(errs, model.Errorf(model.CodeUnprocessable, "EditorIncomplete").
				WithData(map[string]any{"Language": f.Lang.Name, "Have": f.Have, "Want": f.Want}))
		}
	}
	return errs
}

var reProblemPlace = regexp.MustCompile(`^sections\[(\d+)\](?:\.questions\[(\d+)\])?(?:\.choices\[(\d+)\])?`)

// problemErrors turns the model's problems into page errors in the staff
// member's language, each placed by the ids the editor shows.
func (s *Server) problemErrors(c echo.Context, d *model.Definition, ps []model.Problem) []*model.Error {
	if len(ps) == 0 {
		return nil
	}
	t := s.staffPage(c).T
	out := make([]*model.Error, len(ps))
	for i, p := range ps {
		out[i] = model.Errorf(model.CodeUnprocessable, "EditorProblemAt").
			WithData(map[string]any{"Where": problemPlace(t, d, p.Where), "Problem": t.T(p.Key, p.Data)})
	}
	return out
}

// problemPlace names where a problem is: "s1 › q2 › yes", or the setting.
func problemPlace(t *i18n.Translator, d *model.Definition, where string) string {
	switch {
	case where == "slug":
		return t.T("EditorSlug")
	case where == "languages":
		return t.T("EditorLanguages")
	case where == "sections":
		return t.T("EditorSections")
	}
	m := reProblemPlace.FindStringSubmatch(where)
	if m == nil {
		return where
	}
	at := func(s string) int { n, _ := strconv.Atoi(s); return n }
	si := at(m[1])
	if si >= len(d.Sections) {
		return where
	}
	sec := d.Sections[si]
	parts := []string{sec.ID}
	if m[2] != "" && at(m[2]) < len(sec.Questions) {
		q := sec.Questions[at(m[2])]
		parts = append(parts, q.ID)
		if m[3] != "" && at(m[3]) < len(q.Choices) {
			parts = append(parts, q.Choices[at(m[3])].Value)
		}
	}
	return strings.Join(parts, " › ")
}

// definitionRev identifies the content of a definition: JSON encodes maps
// with sorted keys, so equal definitions have equal revisions.
func definitionRev(d *model.Definition) string {
	b, _ := json.Marshal(d)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func cloneDefinition(d *model.Definition) *model.Definition {
	b, _ := json.Marshal(d)
	out := &model.Definition{}
	_ = json.Unmarshal(b, out)
	return out
}
