package surveyfile

import (
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// namePattern is the model's form of question and section ids.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// listChoice is one row of the choices sheet.
type listChoice struct {
	choice model.Choice
	row    int
}

// sections builds the sections of a survey from the survey sheet's rows:
// each top-level group is a section, and each run of questions outside
// groups is a section of its own, titled with the survey's title.
type sections struct {
	t        *table
	lang     string // the default language: a bare label column's
	lists    map[string][]listChoice
	title    model.Text
	list     []model.Section
	open     *sheetRow         // the begin_group row of the open group
	implicit bool              // the last section is one of questions outside groups
	names    map[string]int    // name → row that gave it
	places   map[string]string // Validate's path → place in the workbook
}

func (b *sections) row(r sheetRow) error {
	kind := strings.Fields(b.t.value(r, "type"))
	if len(kind) == 0 {
		return b.t.errAt(r, "type", "missing type")
	}
	switch strings.ToLower(strings.Join(kind, " ")) {
	case "begin_group", "begin group":
		return b.beginGroup(r)
	case "end_group", "end group":
		return b.endGroup(r)
	}
	q, choices, err := b.question(r, kind)
	if err != nil {
		return err
	}
	if b.open == nil && !b.implicit {
		b.places[fmt.Sprintf("sections[%d]", len(b.list))] = place("survey", r.num)
		b.list = append(b.list, model.Section{Title: maps.Clone(b.title)})
		b.implicit = true
	}
	s := &b.list[len(b.list)-1]
	where := fmt.Sprintf("sections[%d].questions[%d]", len(b.list)-1, len(s.Questions))
	b.places[where] = place("survey", r.num)
	for k, c := range choices {
		b.places[fmt.Sprintf("%s.choices[%d]", where, k)] = place("choices", c.row)
	}
	s.Questions = append(s.Questions, q)
	return nil
}

func place(sheet string, row int) string { return fmt.Sprintf("%s sheet, row %d", sheet, row) }

func (b *sections) question(r sheetRow, kind []string) (model.Question, []listChoice, error) {
	t := b.t
	q := model.Question{Type: questionTypes[strings.ToLower(kind[0])]}
	var choices []listChoice
	switch {
	case q.Type == "" || len(kind) != 1 && !q.HasChoices() || len(kind) != 2 && q.HasChoices():
		return q, nil, t.errAt(r, "type", "unsupported type %q", strings.Join(kind, " "))
	case q.HasChoices():
		var ok bool
		if choices, ok = b.lists[kind[1]]; !ok {
			return q, nil, t.errAt(r, "type", "list %q is not in the choices sheet", kind[1])
		}
		for _, c := range choices {
			q.Choices = append(q.Choices, model.Choice{Value: c.choice.Value, Label: maps.Clone(c.choice.Label)})
		}
	}
	q.Integer = strings.EqualFold(kind[0], "integer")
	switch a := strings.ToLower(t.value(r, "appearance")); {
	case a == "":
	case a == "multiline" && q.Type == model.ShortText:
		q.Type = model.LongText
	case a == "likert" && q.Type == model.SingleChoice:
		q.Type = model.Scale
	default:
		return q, nil, t.errAt(r, "appearance", "unsupported appearance %q for type %q", a, kind[0])
	}
	var err error
	if q.ID, err = b.claimName(r); err != nil {
		return q, nil, err
	}
	if q.Text = t.text(r, "label", b.lang); q.Text == nil {
		return q, nil, t.errAt(r, "label", "missing label")
	}
	q.Hint = t.text(r, "hint", b.lang)
	if q.Required, err = b.required(r); err != nil {
		return q, nil, err
	}
	if q.Required && q.Type == model.Note {
		return q, nil, t.errAt(r, "required", "a note cannot be required")
	}
	q.ShowIf, err = b.relevant(r)
	return q, choices, err
}

// questionTypes maps XLSForm types to the model's; appearance may refine them.
var questionTypes = map[string]model.QuestionType{
	"select_one":      model.SingleChoice,
	"select_multiple": model.MultipleChoice,
	"text":            model.ShortText,
	"integer":         model.Number,
	"decimal":         model.Number,
	"note":            model.Note,
}

func (b *sections) beginGroup(r sheetRow) error {
	t := b.t
	if b.open != nil {
		return t.errAt(r, "type", "nested groups are not supported (the group of row %d is still open)", b.open.num)
	}
	name, err := b.claimName(r)
	if err != nil {
		return err
	}
	required, err := b.required(r)
	if err != nil {
		return err
	}
	if required {
		return t.errAt(r, "required", "a group cannot be required")
	}
	if a := t.value(r, "appearance"); a != "" && !strings.EqualFold(a, "field-list") {
		return t.errAt(r, "appearance", "unsupported appearance %q for a group", a)
	}
	showIf, err := b.relevant(r)
	if err != nil {
		return err
	}
	title := t.text(r, "label", b.lang)
	if title == nil {
		title = maps.Clone(b.title)
	}
	b.places[fmt.Sprintf("sections[%d]", len(b.list))] = place("survey", r.num)
	b.list = append(b.list, model.Section{ID: name, Title: title, Warning: t.text(r, "hint", b.lang), ShowIf: showIf})
	b.open, b.implicit = &r, false
	return nil
}

func (b *sections) endGroup(r sheetRow) error {
	t := b.t
	if b.open == nil {
		return t.errAt(r, "type", "end_group without begin_group")
	}
	for _, f := range []string{"label", "hint", "relevant", "required", "appearance"} {
		if t.text(r, f, b.lang) != nil {
			return t.errAt(r, f, "not used on end_group")
		}
	}
	if name, open := t.value(r, "name"), b.list[len(b.list)-1].ID; name != "" && name != open {
		return t.errAt(r, "name", "end_group %q does not close group %q", name, open)
	}
	b.open = nil
	return nil
}

// finish checks that the last group is closed and names the sections of
// questions outside groups s1, s2, … (skipping names taken).
func (b *sections) finish() error {
	if b.open != nil {
		return b.t.errAt(*b.open, "type", "group %q has no end_group", b.list[len(b.list)-1].ID)
	}
	n := 0
	for i := range b.list {
		for b.list[i].ID == "" {
			n++
			if id := fmt.Sprintf("s%d", n); b.names[id] == 0 {
				b.list[i].ID = id
			}
		}
	}
	return nil
}

// claimName reads the row's name, which must be a valid id not used before.
func (b *sections) claimName(r sheetRow) (string, error) {
	name := b.t.value(r, "name")
	switch {
	case name == "":
		return "", b.t.errAt(r, "name", "missing name")
	case !namePattern.MatchString(name):
		return "", b.t.errAt(r, "name", "%q is not a valid name: use a-z, 0-9 and _, starting with a letter, at most 64 characters", name)
	case b.names[name] != 0:
		return "", b.t.errAt(r, "name", "duplicate name %q (first on row %d)", name, b.names[name])
	}
	b.names[name] = r.num
	return name, nil
}

func (b *sections) required(r sheetRow) (bool, error) {
	switch v := strings.ToLower(b.t.value(r, "required")); v {
	case "", "no", "false", "0":
		return false, nil
	case "yes", "true", "1":
		return true, nil
	default:
		return false, b.t.errAt(r, "required", "%q is not yes or no", b.t.value(r, "required"))
	}
}

func (b *sections) relevant(r sheetRow) ([]model.Condition, error) {
	cs, err := parseRelevant(b.t.value(r, "relevant"))
	if err != nil {
		return nil, b.t.errAt(r, "relevant", "%v", err)
	}
	return cs, nil
}
