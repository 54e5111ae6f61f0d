package server

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/survivorvoice/voice/internal/model"
)

// draftEdits are the editor's forms, each at POST /staff/surveys/{slug}/{path}.
// Each changes a copy of the draft; editDraft validates and saves it.
func (s *Server) draftEdits() []draftEdit {
	return []draftEdit{
		{path: "settings", apply: s.editSettings},
		{path: "texts", apply: editTexts, keepTyped: true},
		{path: "sections", apply: addSection},
		{path: "sections/remove", apply: removeSection},
		{path: "sections/move", apply: moveSection},
		{path: "questions", apply: addQuestion},
		{path: "questions/remove", apply: removeQuestion},
		{path: "questions/move", apply: moveQuestion},
		{path: "questions/settings", apply: questionSettings},
		{path: "choices", apply: addChoice},
		{path: "choices/remove", apply: removeChoice},
		{path: "choices/move", apply: moveChoice},
		{path: "conditions", apply: addCondition},
		{path: "conditions/remove", apply: removeCondition},
	}
}

func unprocessable(key string, data map[string]any) *model.Error {
	return model.Errorf(model.CodeUnprocessable, key).WithData(data)
}

// errGone is a form naming a part of the survey that is not there (any
// more): the page the form came from was old.
var errGone = model.Errorf(model.CodeNotFound, "EditorNotFound")

// editSettings sets the survey's languages and its length in minutes.
// Texts of a language taken off stay in the draft, so adding the language
// back restores them.
func (s *Server) editSettings(d *model.Definition, f url.Values) (string, *model.Error) {
	d.Languages = s.orderLanguages(f["language"])
	raw := strings.TrimSpace(f.Get("minutes"))
	minutes, err := strconv.Atoi(raw)
	switch {
	case raw == "":
		minutes = 0
	case err != nil || minutes < 0 || minutes > 600:
		return "", unprocessable("EditorBadMinutes", nil)
	}
	d.Minutes = minutes
	return "#settings", nil
}

// editTexts sets every text sent, in every language sent: the form holds a
// field t.LANG.UNIT for each shown language and each text of the survey.
// An empty field removes the text in that language.
func editTexts(d *model.Definition, f url.Values) (string, *model.Error) {
	var tooLong *model.Error
	for _, u := range textUnits(d) {
		for _, l := range d.Languages {
			vs, ok := f["t."+l+"."+u.ID]
			if !ok || len(vs) == 0 {
				continue
			}
			v := strings.TrimSpace(strings.ReplaceAll(vs[0], "\r\n", "\n"))
			if utf8.RuneCountInString(v) > maxTextLen {
				tooLong = unprocessable("EditorTextTooLong", map[string]any{"Max": maxTextLen})
			}
			if *u.Text == nil {
				*u.Text = model.Text{}
			}
			if v == "" {
				delete(*u.Text, l)
			} else {
				(*u.Text)[l] = v
			}
		}
	}
	back := "#texts"
	if show := f["show"]; len(show) > 0 {
		back = "?" + url.Values{"show": show}.Encode() + back
	}
	return back, tooLong
}

// addSection appends a section with its first question: a section without
// a question is not a valid survey.
func addSection(d *model.Definition, f url.Values) (string, *model.Error) {
	id := strings.TrimSpace(f.Get("id"))
	q, err := newQuestion(f.Get("question_id"), f.Get("type"))
	if err != nil {
		return "", err
	}
	d.Sections = append(d.Sections, model.Section{ID: id, Title: model.Text{}, Questions: []model.Question{q}})
	return "#sec-" + id, nil
}

func removeSection(d *model.Definition, f url.Values) (string, *model.Error) {
	i := sectionIndex(d, f.Get("section"))
	if i < 0 {
		return "", errGone
	}
	d.Sections = slices.Delete(d.Sections, i, i+1)
	return "#structure", nil
}

func moveSection(d *model.Definition, f url.Values) (string, *model.Error) {
	i := sectionIndex(d, f.Get("section"))
	if i < 0 {
		return "", errGone
	}
	if j := i + step(f); j >= 0 && j < len(d.Sections) {
		d.Sections[i], d.Sections[j] = d.Sections[j], d.Sections[i]
	}
	return "#sec-" + f.Get("section"), nil
}

// addQuestion appends a question to a section.
func addQuestion(d *model.Definition, f url.Values) (string, *model.Error) {
	i := sectionIndex(d, f.Get("section"))
	if i < 0 {
		return "", errGone
	}
	q, err := newQuestion(f.Get("id"), f.Get("type"))
	if err != nil {
		return "", err
	}
	d.Sections[i].Questions = append(d.Sections[i].Questions, q)
	return "#q-" + q.ID, nil
}

// newQuestion makes a question of a type; one with choices gets
// placeholder answers to translate: two, or five for a scale.
func newQuestion(id, typ string) (model.Question, *model.Error) {
	q := model.Question{ID: strings.TrimSpace(id), Type: model.QuestionType(typ), Text: model.Text{}}
	if !slices.Contains(model.QuestionTypes, q.Type) {
		return q, unprocessable("SurveyBadType", map[string]any{"Type": typ})
	}
	seedChoices(&q)
	return q, nil
}

func seedChoices(q *model.Question) {
	if !q.HasChoices() || len(q.Choices) >= 2 {
		return
	}
	n := 2
	if q.Type == model.Scale {
		n = 5
	}
	for k := len(q.Choices) + 1; k <= n; k++ {
		v := strconv.Itoa(k)
		if !slices.ContainsFunc(q.Choices, func(c model.Choice) bool { return c.Value == v }) {
			q.Choices = append(q.Choices, model.Choice{Value: v, Label: model.Text{}})
		}
	}
}

func removeQuestion(d *model.Definition, f url.Values) (string, *model.Error) {
	i, j := questionIndex(d, f.Get("question"))
	if i < 0 {
		return "", errGone
	}
	d.Sections[i].Questions = slices.Delete(d.Sections[i].Questions, j, j+1)
	return "#sec-" + d.Sections[i].ID, nil
}

// moveQuestion moves a question up or down; past the start or end of its
// section it goes to the end of the section before or the start of the one
// after.
func moveQuestion(d *model.Definition, f url.Values) (string, *model.Error) {
	i, j := questionIndex(d, f.Get("question"))
	if i < 0 {
		return "", errGone
	}
	qs := d.Sections[i].Questions
	q := qs[j]
	switch k := j + step(f); {
	case k >= 0 && k < len(qs):
		qs[j], qs[k] = qs[k], qs[j]
	case k < 0 && i > 0:
		d.Sections[i].Questions = slices.Delete(qs, j, j+1)
		d.Sections[i-1].Questions = append(d.Sections[i-1].Questions, q)
	case k >= len(qs) && i < len(d.Sections)-1:
		d.Sections[i].Questions = slices.Delete(qs, j, j+1)
		d.Sections[i+1].Questions = slices.Insert(d.Sections[i+1].Questions, 0, q)
	}
	return "#q-" + q.ID, nil
}

// questionSettings sets a question's type, whether it may be skipped, and
// the limits of its answer. Choices appear or go with the type.
func questionSettings(d *model.Definition, f url.Values) (string, *model.Error) {
	i, j := questionIndex(d, f.Get("question"))
	if i < 0 {
		return "", errGone
	}
	q := &d.Sections[i].Questions[j]
	if t := model.QuestionType(f.Get("type")); t != "" {
		if !slices.Contains(model.QuestionTypes, t) {
			return "", unprocessable("SurveyBadType", map[string]any{"Type": string(t)})
		}
		q.Type = t
	}
	q.Required = f.Get("required") != "" && q.Type != model.Note
	if q.HasChoices() {
		seedChoices(q)
	} else {
		q.Choices = nil
	}
	q.Min, q.Max, q.Integer, q.MaxLen = nil, nil, false, 0
	switch {
	case q.Type == model.Number:
		var err *model.Error
		if q.Min, err = formNumber(f.Get("min")); err != nil {
			return "", err
		}
		if q.Max, err = formNumber(f.Get("max")); err != nil {
			return "", err
		}
		q.Integer = f.Get("integer") != ""
	case q.IsText():
		if v := strings.TrimSpace(f.Get("max_length")); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return "", unprocessable("EditorBadNumber", map[string]any{"Value": v})
			}
			q.MaxLen = n
		}
	}
	return "#q-" + q.ID, nil
}

func formNumber(s string) (*float64, *model.Error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, unprocessable("EditorBadNumber", map[string]any{"Value": s})
	}
	return &v, nil
}

// addChoice appends an answer to a choice or scale question.
func addChoice(d *model.Definition, f url.Values) (string, *model.Error) {
	i, j := questionIndex(d, f.Get("question"))
	if i < 0 {
		return "", errGone
	}
	q := &d.Sections[i].Questions[j]
	if !q.HasChoices() {
		return "", unprocessable("SurveyUnexpectedChoices", nil)
	}
	q.Choices = append(q.Choices, model.Choice{Value: strings.TrimSpace(f.Get("value")), Label: model.Text{}})
	return "#q-" + q.ID, nil
}

func removeChoice(d *model.Definition, f url.Values) (string, *model.Error) {
	q, k := choiceIndex(d, f.Get("question"), f.Get("choice"))
	if k < 0 {
		return "", errGone
	}
	q.Choices = slices.Delete(q.Choices, k, k+1)
	return "#q-" + q.ID, nil
}

func moveChoice(d *model.Definition, f url.Values) (string, *model.Error) {
	q, k := choiceIndex(d, f.Get("question"), f.Get("choice"))
	if k < 0 {
		return "", errGone
	}
	if m := k + step(f); m >= 0 && m < len(q.Choices) {
		q.Choices[k], q.Choices[m] = q.Choices[m], q.Choices[k]
	}
	return "#q-" + q.ID, nil
}

// addCondition adds a "show if" on an earlier answer to a section or a
// question; all of its conditions must hold. Values are separated by commas.
func addCondition(d *model.Definition, f url.Values) (string, *model.Error) {
	conds, back := conditionsOf(d, f)
	if conds == nil {
		return "", errGone
	}
	c := model.Condition{Question: strings.TrimSpace(f.Get("on")), Op: f.Get("op")}
	for _, v := range strings.Split(f.Get("values"), ",") {
		if v = strings.TrimSpace(v); v != "" {
			c.Values = append(c.Values, v)
		}
	}
	*conds = append(*conds, c)
	return back, nil
}

func removeCondition(d *model.Definition, f url.Values) (string, *model.Error) {
	conds, back := conditionsOf(d, f)
	if conds == nil {
		return "", errGone
	}
	k, err := strconv.Atoi(f.Get("index"))
	if err != nil || k < 0 || k >= len(*conds) {
		return "", errGone
	}
	*conds = slices.Delete(*conds, k, k+1)
	return back, nil
}

// conditionsOf finds the conditions of the form's question, or else of its
// section.
func conditionsOf(d *model.Definition, f url.Values) (*[]model.Condition, string) {
	if id := f.Get("question"); id != "" {
		i, j := questionIndex(d, id)
		if i < 0 {
			return nil, ""
		}
		return &d.Sections[i].Questions[j].ShowIf, "#q-" + id
	}
	i := sectionIndex(d, f.Get("section"))
	if i < 0 {
		return nil, ""
	}
	return &d.Sections[i].ShowIf, "#sec-" + d.Sections[i].ID
}

func sectionIndex(d *model.Definition, id string) int {
	return slices.IndexFunc(d.Sections, func(s model.Section) bool { return s.ID == id })
}

func questionIndex(d *model.Definition, id string) (int, int) {
	for i := range d.Sections {
		if j := slices.IndexFunc(d.Sections[i].Questions, func(q model.Question) bool { return q.ID == id }); j >= 0 {
			return i, j
		}
	}
	return -1, -1
}

func choiceIndex(d *model.Definition, question, value string) (*model.Question, int) {
	i, j := questionIndex(d, question)
	if i < 0 {
		return nil, -1
	}
	q := &d.Sections[i].Questions[j]
	return q, slices.IndexFunc(q.Choices, func(c model.Choice) bool { return c.Value == value })
}

// step is the direction of a move form: -1 up, +1 down.
func step(f url.Values) int {
	if f.Get("dir") == "up" {
		return -1
	}
	return 1
}
