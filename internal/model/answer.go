package model

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Declined is the answer value of "prefer not to say".
const Declined = "_declined"

// Answer is one respondent's answer to one question. Exactly one of Values
// (choices), Text or Number is set, or Declined.
type Answer struct {
	Values   []string `json:"v,omitempty"`
	Text     string   `json:"t,omitempty"`
	Number   *float64 `json:"n,omitempty"`
	Declined bool     `json:"d,omitempty"`
}

// Empty reports whether nothing was answered (neither a value nor "prefer
// not to say").
func (a Answer) Empty() bool {
	return len(a.Values) == 0 && a.Text == "" && a.Number == nil && !a.Declined
}

// Answers are a respondent's answers by question id.
type Answers map[string]Answer

// ParseAnswer reads a question's raw form values into an answer. raw holds
// the submitted values of the question's field; a value of Declined means
// "prefer not to say". An empty answer is not an error here: Missing tells
// whether one was needed.
func (q *Question) ParseAnswer(raw []string) (Answer, *Error) {
	var vals []string
	for _, v := range raw {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if slices.Contains(vals, Declined) {
		if q.Required {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerRequired")
		}
		return Answer{Declined: true}, nil
	}
	if len(vals) == 0 {
		return Answer{}, nil
	}
	switch q.Type {
	case SingleChoice, Scale:
		if len(vals) != 1 || !q.hasChoice(vals[0]) {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerChooseOne")
		}
		return Answer{Values: vals}, nil
	case MultipleChoice:
		var out []string
		for _, c := range q.Choices { // keep the survey's order, drop duplicates
			if slices.Contains(vals, c.Value) {
				out = append(out, c.Value)
			}
		}
		if len(out) != len(slices.Compact(slices.Sorted(slices.Values(vals)))) {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerUnknownChoice")
		}
		return Answer{Values: out}, nil
	case Rating:
		n, err := strconv.Atoi(vals[0])
		if err != nil || len(vals) != 1 || n < 0 || n > 10 {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerRating")
		}
		f := float64(n)
		return Answer{Number: &f}, nil
	case Number:
		s := strings.ReplaceAll(vals[0], ",", ".")
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || len(vals) != 1 || math.IsNaN(f) || math.IsInf(f, 0) {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerNumber")
		}
		if q.Integer && f != math.Trunc(f) {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerWholeNumber")
		}
		if (q.Min != nil && f < *q.Min) || (q.Max != nil && f > *q.Max) {
			return Answer{}, Errorf(CodeUnprocessable, "AnswerRange").WithData(map[string]any{"Min": fmtNum(q.Min), "Max": fmtNum(q.Max)})
		}
		return Answer{Number: &f}, nil
	case ShortText, LongText:
		text := strings.TrimSpace(strings.Join(raw, "\n"))
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			return Answer{}, Errorf(CodeInvalid, "ErrorBadRequest")
		}
		if n := utf8.RuneCountInString(text); n > q.MaxLength() {
			return Answer{Text: text}, Errorf(CodeUnprocessable, "AnswerTooLong").WithData(map[string]any{"Max": q.MaxLength(), "Count": n})
		}
		return Answer{Text: text}, nil
	default: // Note
		return Answer{}, nil
	}
}

func fmtNum(f *float64) string {
	if f == nil {
		return "…"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func (q *Question) hasChoice(v string) bool {
	return slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.Value == v })
}

// Missing reports whether a visible question still needs an answer: every
// question but a note needs one, and "prefer not to say" counts as one
// unless the question is required.
func (q *Question) Missing(a Answer) bool {
	return q.Type != Note && a.Empty()
}

// Holds evaluates a condition against the answers so far. A declined or
// hidden answer matches nothing but "not_equals".
func (c Condition) Holds(answers Answers) bool {
	a, ok := answers[c.Question]
	answered := ok && !a.Empty() && !a.Declined
	switch c.Op {
	case "answered":
		return answered
	case "not_equals":
		return !answered || !slices.Contains(a.Values, c.Values[0]) && a.Text != c.Values[0]
	}
	if !answered {
		return false
	}
	switch c.Op {
	case "equals":
		return slices.Contains(a.Values, c.Values[0]) || (a.Number != nil && numEq(*a.Number, c.Values[0]))
	case "any_of":
		return slices.ContainsFunc(a.Values, func(v string) bool { return slices.Contains(c.Values, v) })
	case "greater", "less":
		if a.Number == nil {
			return false
		}
		f, err := strconv.ParseFloat(c.Values[0], 64)
		if err != nil {
			return false
		}
		if c.Op == "greater" {
			return *a.Number > f
		}
		return *a.Number < f
	}
	return false
}

func numEq(n float64, s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f == n
}

// allHold reports whether every condition holds.
func allHold(cs []Condition, answers Answers) bool {
	for _, c := range cs {
		if !c.Holds(answers) {
			return false
		}
	}
	return true
}

// Visible reports whether a section is shown, given the answers so far.
func (s *Section) Visible(answers Answers) bool { return allHold(s.ShowIf, answers) }

// Visible reports whether a question is shown, given the answers so far.
func (q *Question) Visible(answers Answers) bool { return allHold(q.ShowIf, answers) }

// Prune drops answers to questions that are no longer shown (an earlier
// answer changed), in survey order, so hidden answers are never stored.
func (d *Definition) Prune(answers Answers) Answers {
	out := Answers{}
	for _, s := range d.Sections {
		if !s.Visible(out) {
			continue
		}
		for _, q := range s.Questions {
			if a, ok := answers[q.ID]; ok && q.Visible(out) {
				out[q.ID] = a
			}
		}
	}
	return out
}

// VisibleSections returns the indexes of the sections shown for these answers.
func (d *Definition) VisibleSections(answers Answers) []int {
	var idx []int
	for i := range d.Sections {
		if d.Sections[i].Visible(answers) {
			idx = append(idx, i)
		}
	}
	return idx
}
