package model

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Consultation is a named, dated campaign that groups surveys and channels.
type Consultation struct {
	ID        string `gorm:"primaryKey"`
	Slug      string
	Name      Text     `gorm:"serializer:json"`
	StartsOn  string   // YYYY-MM-DD
	EndsOn    string   // YYYY-MM-DD, may be empty
	Languages []string `gorm:"serializer:json"`
}

// SurveyState is where a survey is in its life.
type SurveyState string

const (
	SurveyDraft    SurveyState = "draft"
	SurveyOpen     SurveyState = "open"
	SurveyClosed   SurveyState = "closed"
	SurveyArchived SurveyState = "archived"
)

// surveyTransitions are the allowed state changes.
var surveyTransitions = map[SurveyState][]SurveyState{
	SurveyDraft:  {SurveyOpen},
	SurveyOpen:   {SurveyClosed},
	SurveyClosed: {SurveyOpen, SurveyArchived},
}

// CanBecome reports whether a survey in state s may move to next.
func (s SurveyState) CanBecome(next SurveyState) bool {
	return slices.Contains(surveyTransitions[s], next)
}

// QuestionType is the kind of a question (ARCHITECTURE.md §2).
type QuestionType string

const (
	SingleChoice   QuestionType = "single_choice"
	MultipleChoice QuestionType = "multiple_choice"
	Scale          QuestionType = "scale"  // Likert 1–5 with labels
	Rating         QuestionType = "rating" // 0–10
	Number         QuestionType = "number"
	ShortText      QuestionType = "short_text"
	LongText       QuestionType = "long_text"
	Note           QuestionType = "note" // display only
)

// QuestionTypes lists every type.
var QuestionTypes = []QuestionType{SingleChoice, MultipleChoice, Scale, Rating, Number, ShortText, LongText, Note}

// Text is one text in every language of a survey: language code → text.
type Text map[string]string

// In returns the text in lang.
func (t Text) In(lang string) string { return t[lang] }

// Definition is the content of one survey version: everything a respondent
// sees, in every language. A published version never changes.
type Definition struct {
	Slug      string    `json:"slug"`
	Languages []string  `json:"languages"`
	Title     Text      `json:"title"`
	Purpose   Text      `json:"purpose"`            // why we ask, shown on the introduction
	Audience  Text      `json:"audience,omitempty"` // who will read the answers
	Minutes   int       `json:"minutes,omitempty"`  // how long it takes
	Sections  []Section `json:"sections"`
}

// Section is one page of a survey.
type Section struct {
	ID        string      `json:"id"`
	Title     Text        `json:"title"`
	Warning   Text        `json:"warning,omitempty"` // content warning shown before the questions
	ShowIf    []Condition `json:"show_if,omitempty"`
	Questions []Question  `json:"questions"`
}

// Question is one question.
type Question struct {
	ID       string       `json:"id"`
	Type     QuestionType `json:"type"`
	Text     Text         `json:"text"`
	Hint     Text         `json:"hint,omitempty"`
	Required bool         `json:"required,omitempty"` // no "prefer not to say"
	Choices  []Choice     `json:"choices,omitempty"`
	ShowIf   []Condition  `json:"show_if,omitempty"` // all must hold
	Min      *float64     `json:"min,omitempty"`     // number
	Max      *float64     `json:"max,omitempty"`     // number
	Integer  bool         `json:"integer,omitempty"` // number: whole numbers only
	MaxLen   int          `json:"max_length,omitempty"`
}

// Choice is one answer option of a choice or scale question.
type Choice struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Condition shows a question or section only when an earlier answer matches.
type Condition struct {
	Question string   `json:"question"`
	Op       string   `json:"op"` // one of ConditionOps
	Values   []string `json:"values,omitempty"`
}

// ConditionOps are the supported comparisons. "equals" and "not_equals" take
// one value; "any_of" is true when the answer (or one of several) is in
// Values; "answered" needs no value; "greater"/"less" compare numbers.
var ConditionOps = []string{"equals", "not_equals", "any_of", "answered", "greater", "less"}

// Default lengths of text answers.
const (
	ShortTextMax = 200
	LongTextMax  = 5000
)

// MaxLength is the longest text answer the question takes.
func (q *Question) MaxLength() int {
	switch {
	case q.MaxLen > 0:
		return q.MaxLen
	case q.Type == ShortText:
		return ShortTextMax
	default:
		return LongTextMax
	}
}

// HasChoices reports whether answers are picked from Choices.
func (q *Question) HasChoices() bool {
	return q.Type == SingleChoice || q.Type == MultipleChoice || q.Type == Scale
}

// IsText reports whether the answer is free text (sealed at rest).
func (q *Question) IsText() bool { return q.Type == ShortText || q.Type == LongText }

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// SlugPattern is the form of survey, channel and consultation slugs in URLs.
var SlugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$`)

// Problem is one thing wrong in a definition, located for the editor and for
// file imports.
type Problem struct {
	Where string // e.g. "sections[1].questions[2].choices[0]" or "q3"
	Key   string // message id
	Data  map[string]any
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %s %v", p.Where, p.Key, p.Data) }

// Questions returns every question in order.
func (d *Definition) Questions() []*Question {
	var qs []*Question
	for i := range d.Sections {
		for j := range d.Sections[i].Questions {
			qs = append(qs, &d.Sections[i].Questions[j])
		}
	}
	return qs
}

// Question finds a question by id.
func (d *Definition) Question(id string) *Question {
	for _, q := range d.Questions() {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// Validate checks a definition's structure (not its translations): ids,
// types, choices, conditions on earlier questions only, known languages.
func (d *Definition) Validate(shipped func(string) bool) []Problem {
	var ps []Problem
	add := func(where, key string, data map[string]any) { ps = append(ps, Problem{where, key, data}) }
	if !SlugPattern.MatchString(d.Slug) {
		add("slug", "SurveyBadSlug", map[string]any{"Slug": d.Slug})
	}
	if len(d.Languages) == 0 {
		add("languages", "SurveyNoLanguage", nil)
	}
	for _, l := range d.Languages {
		if !shipped(l) {
			add("languages", "SurveyUnknownLanguage", map[string]any{"Language": l})
		}
	}
	if len(d.Sections) == 0 {
		add("sections", "SurveyNoSection", nil)
	}
	seen := map[string]*Question{}
	sectionIDs := map[string]bool{}
	for i, s := range d.Sections {
		sw := fmt.Sprintf("sections[%d]", i)
		if !idPattern.MatchString(s.ID) || sectionIDs[s.ID] {
			add(sw+".id", "SurveyBadID", map[string]any{"ID": s.ID})
		}
		sectionIDs[s.ID] = true
		ps = append(ps, checkConditions(sw, s.ShowIf, seen)...)
		if len(s.Questions) == 0 {
			add(sw, "SurveyEmptySection", nil)
		}
		for j := range s.Questions {
			q := &s.Questions[j]
			qw := fmt.Sprintf("%s.questions[%d]", sw, j)
			if !idPattern.MatchString(q.ID) || seen[q.ID] != nil || sectionIDs[q.ID] && q.ID == s.ID {
				add(qw+".id", "SurveyBadID", map[string]any{"ID": q.ID})
			}
			if !slices.Contains(QuestionTypes, q.Type) {
				add(qw+".type", "SurveyBadType", map[string]any{"Type": string(q.Type)})
			}
			ps = append(ps, checkConditions(qw, q.ShowIf, seen)...)
			if q.HasChoices() && len(q.Choices) < 2 {
				add(qw+".choices", "SurveyTooFewChoices", nil)
			}
			if !q.HasChoices() && len(q.Choices) > 0 {
				add(qw+".choices", "SurveyUnexpectedChoices", nil)
			}
			values := map[string]bool{}
			for k, c := range q.Choices {
				if c.Value == "" || strings.HasPrefix(c.Value, "_") || values[c.Value] || len(c.Value) > 64 {
					add(fmt.Sprintf("%s.choices[%d].value", qw, k), "SurveyBadChoice", map[string]any{"Value": c.Value})
				}
				values[c.Value] = true
			}
			if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
				add(qw+".min", "SurveyBadRange", nil)
			}
			if q.MaxLen < 0 || q.MaxLen > LongTextMax {
				add(qw+".max_length", "SurveyBadRange", nil)
			}
			if q.Type == Note && q.Required {
				add(qw+".required", "SurveyNoteRequired", nil)
			}
			seen[q.ID] = q
		}
	}
	return ps
}

func checkConditions(where string, cs []Condition, earlier map[string]*Question) []Problem {
	var ps []Problem
	for i, c := range cs {
		w := fmt.Sprintf("%s.show_if[%d]", where, i)
		q := earlier[c.Question]
		switch {
		case q == nil:
			ps = append(ps, Problem{w, "SurveyConditionUnknown", map[string]any{"ID": c.Question}})
		case !slices.Contains(ConditionOps, c.Op):
			ps = append(ps, Problem{w, "SurveyConditionOp", map[string]any{"Op": c.Op}})
		case q.Type == Note:
			ps = append(ps, Problem{w, "SurveyConditionUnknown", map[string]any{"ID": c.Question}})
		case c.Op == "answered" && len(c.Values) != 0,
			(c.Op == "equals" || c.Op == "not_equals" || c.Op == "greater" || c.Op == "less") && len(c.Values) != 1,
			c.Op == "any_of" && len(c.Values) == 0:
			ps = append(ps, Problem{w, "SurveyConditionValues", nil})
		case (c.Op == "greater" || c.Op == "less") && !isNumber(c.Values[0]):
			ps = append(ps, Problem{w, "SurveyConditionValues", nil})
		case q.HasChoices() && c.Op != "answered" && c.Op != "greater" && c.Op != "less":
			for _, v := range c.Values {
				if !slices.ContainsFunc(q.Choices, func(ch Choice) bool { return ch.Value == v }) {
					ps = append(ps, Problem{w, "SurveyConditionValues", map[string]any{"Value": v}})
				}
			}
		}
	}
	return ps
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Texts walks every translatable text of the definition with a stable unit
// id (for the editor's completeness figure and for XLIFF).
func (d *Definition) Texts(fn func(id string, t Text, required bool)) {
	fn("title", d.Title, true)
	fn("purpose", d.Purpose, true)
	fn("audience", d.Audience, false)
	for _, s := range d.Sections {
		fn("section."+s.ID+".title", s.Title, true)
		fn("section."+s.ID+".warning", s.Warning, false)
		for _, q := range s.Questions {
			fn("question."+q.ID+".text", q.Text, true)
			fn("question."+q.ID+".hint", q.Hint, false)
			for _, c := range q.Choices {
				fn("question."+q.ID+".choice."+c.Value, c.Label, true)
			}
		}
	}
}

// Completeness tells how many texts exist in lang out of those that must.
// An optional text (hint, warning) that exists in any language must exist in
// every language.
func (d *Definition) Completeness(lang string) (have, want int) {
	d.Texts(func(_ string, t Text, required bool) {
		if !required && len(nonEmpty(t)) == 0 {
			return
		}
		want++
		if strings.TrimSpace(t[lang]) != "" {
			have++
		}
	})
	return have, want
}

// Complete reports whether every text exists in lang.
func (d *Definition) Complete(lang string) bool {
	have, want := d.Completeness(lang)
	return have == want
}

func nonEmpty(t Text) []string {
	var ls []string
	for l, s := range t {
		if strings.TrimSpace(s) != "" {
			ls = append(ls, l)
		}
	}
	return ls
}

// PublishProblems lists what stops a draft from being published: structural
// problems, and every offered language that is not complete (a survey opens
// only in languages whose every text exists).
func (d *Definition) PublishProblems(shipped func(string) bool) []Problem {
	ps := d.Validate(shipped)
	for _, l := range d.Languages {
		if have, want := d.Completeness(l); have < want {
			ps = append(ps, Problem{Where: "languages", Key: "SurveyIncomplete", Data: map[string]any{"Language": l, "Have": have, "Want": want}})
		}
	}
	return ps
}
