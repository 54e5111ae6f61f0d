package server

import (
	"slices"
	"strconv"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// surveyPage is the data of every page of the answering flow.
type surveyPage struct {
	Slug        string
	Token       string // the sealed draft, travelling in the form
	Title       string
	Purpose     string
	Audience    string
	Minutes     int
	Languages   []i18n.Lang // the survey's languages, for the in-form switcher
	Step        int         // 1-based section number among the visible ones
	Steps       int
	Section     *sectionView
	Review      []reviewItem
	Consent     string
	Support     []supportGroup
	Receipt     string // formatted, shown once
	ReceiptNote string // extra advice on the receipt card; none for surveys
	Saved       bool   // the receipt restores a saved draft
	Expires     string // day a saved draft expires
	Unsent      bool   // the database was down: nothing was stored yet
}

type sectionView struct {
	Title, Warning string
	Questions      []questionView
	Invalid        int // questions refused on this post
}

type questionView struct {
	ID, Type, Text, Hint string
	Required             bool
	Choices              []choiceView
	Value                string // text, number or rating as shown
	Declined             bool
	MaxLength            int
	Err                  *model.Error
}

type choiceView struct {
	Value, Label string
	Checked      bool
}

type reviewItem struct {
	Section  int // section index, for "Change"
	Question string
	Answer   string
	Declined bool
	Missing  bool
}

// questionFor builds the view of one question with its current answer, or
// with what was typed when the answer was refused.
func questionFor(q *model.Question, lang string, a model.Answer, typed []string, err *model.Error) questionView {
	v := questionView{ID: q.ID, Type: string(q.Type), Text: q.Text.In(lang), Hint: q.Hint.In(lang), Required: q.Required,
		MaxLength: q.MaxLength(), Declined: a.Declined, Err: err}
	selected := a.Values
	switch {
	case typed != nil:
		selected = typed
		v.Declined = slices.Contains(typed, model.Declined)
		if !q.HasChoices() {
			for _, t := range typed {
				if t != model.Declined {
					v.Value = t
				}
			}
		}
	case a.Text != "":
		v.Value = a.Text
	case a.Number != nil:
		v.Value = strconv.FormatFloat(*a.Number, 'f', -1, 64)
	}
	for _, c := range q.Choices {
		v.Choices = append(v.Choices, choiceView{Value: c.Value, Label: c.Label.In(lang), Checked: slices.Contains(selected, c.Value)})
	}
	if q.Type == model.Rating {
		for i := 0; i <= 10; i++ {
			s := strconv.Itoa(i)
			v.Choices = append(v.Choices, choiceView{Value: s, Label: s, Checked: v.Value == s})
		}
	}
	return v
}

// answerText renders an answer for the review page.
func answerText(q *model.Question, lang string, a model.Answer) string {
	switch {
	case len(a.Values) > 0:
		var labels []string
		for _, c := range q.Choices {
			if slices.Contains(a.Values, c.Value) {
				labels = append(labels, c.Label.In(lang))
			}
		}
		out := ""
		for i, l := range labels {
			if i > 0 {
				out += "; "
			}
			out += l
		}
		return out
	case a.Number != nil:
		return strconv.FormatFloat(*a.Number, 'f', -1, 64)
	default:
		return a.Text
	}
}

// surveyLanguages are the shipped languages a survey version is offered in.
func (s *Server) surveyLanguages(d *model.Definition) []i18n.Lang {
	var out []i18n.Lang
	for _, l := range s.cat.Languages() {
		if slices.Contains(d.Languages, l.Code) {
			out = append(out, l)
		}
	}
	return out
}
