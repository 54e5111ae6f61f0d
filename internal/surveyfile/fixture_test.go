package surveyfile

import (
	"bytes"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/survivorvoice/voice/internal/model"
)

func num(f float64) *float64 { return &f }

// sample is the survey of docs/survey-format.md: three sections in English
// and Spanish, every question type, a content warning, a condition and a
// required question.
func sample() *model.Definition {
	return &model.Definition{
		Slug:      "engagement-2025",
		Languages: []string{"en", "es"},
		Title:     model.Text{"en": "Survivor engagement 2025", "es": "Participación de sobrevivientes 2025"},
		Purpose: model.Text{
			"en": "We want to learn how survivors can shape anti-trafficking policy.",
			"es": "Queremos saber cómo las personas sobrevivientes pueden influir en las políticas contra la trata.",
		},
		Audience: model.Text{"en": "The advisory council and the co-chairs.", "es": "El consejo asesor y la copresidencia."},
		Minutes:  10,
		Sections: []model.Section{
			{ID: "about", Title: model.Text{"en": "About you", "es": "Sobre usted"}, Questions: []model.Question{
				{ID: "welcome", Type: model.Note, Text: model.Text{"en": "You can skip any question.", "es": "Puede omitir cualquier pregunta."}},
				{ID: "region", Type: model.SingleChoice, Required: true,
					Text: model.Text{"en": "Where do you live now?", "es": "¿Dónde vive ahora?"},
					Choices: []model.Choice{
						{Value: "americas", Label: model.Text{"en": "The Americas", "es": "Las Américas"}},
						{Value: "europe", Label: model.Text{"en": "Europe", "es": "Europa"}},
						{Value: "other", Label: model.Text{"en": "Elsewhere", "es": "En otro lugar"}},
					}},
				{ID: "age", Type: model.Number, Integer: true, Min: num(16), Max: num(120),
					Text: model.Text{"en": "How old are you?", "es": "¿Qué edad tiene?"}},
			}},
			{ID: "support", Title: model.Text{"en": "Support you received", "es": "Apoyo que recibió"},
				Warning: model.Text{
					"en": "The next questions ask about the time after you left the situation of trafficking.",
					"es": "Las siguientes preguntas tratan del tiempo después de salir de la situación de trata.",
				},
				Questions: []model.Question{
					{ID: "received", Type: model.MultipleChoice,
						Text: model.Text{"en": "Which support did you receive?", "es": "¿Qué apoyo recibió?"},
						Choices: []model.Choice{
							{Value: "housing", Label: model.Text{"en": "Housing", "es": "Vivienda"}},
							{Value: "legal", Label: model.Text{"en": "Legal advice", "es": "Asesoría legal"}},
							{Value: "none", Label: model.Text{"en": "None", "es": "Ninguno"}},
						}},
					{ID: "helpful", Type: model.Scale,
						Text:    model.Text{"en": "How helpful was it?", "es": "¿Qué tan útil fue?"},
						ShowIf:  []model.Condition{{Question: "received", Op: "any_of", Values: []string{"housing", "legal"}}},
						Choices: likert()},
					{ID: "recommend", Type: model.Rating,
						Text: model.Text{"en": "Would you recommend it to another survivor? (0–10)", "es": "¿Lo recomendaría a otra persona sobreviviente? (0–10)"}},
				}},
			{ID: "voice", Title: model.Text{"en": "Your voice", "es": "Su voz"}, Questions: []model.Question{
				{ID: "change", Type: model.LongText, MaxLen: 2000,
					Text: model.Text{"en": "What should change first?", "es": "¿Qué debería cambiar primero?"},
					Hint: model.Text{"en": "Please leave out names and places.", "es": "Por favor, omita nombres y lugares."}},
				{ID: "justice", Type: model.ShortText,
					Text: model.Text{"en": "In one word, what does justice mean to you?", "es": "En una palabra, ¿qué significa para usted la justicia?"}},
			}},
		},
	}
}

func likert() []model.Choice {
	return []model.Choice{
		{Value: "1", Label: model.Text{"en": "Not at all", "es": "Nada"}},
		{Value: "2", Label: model.Text{"en": "A little", "es": "Poco"}},
		{Value: "3", Label: model.Text{"en": "Somewhat", "es": "Algo"}},
		{Value: "4", Label: model.Text{"en": "Very", "es": "Muy"}},
		{Value: "5", Label: model.Text{"en": "Extremely", "es": "Extremadamente"}},
	}
}

// sampleJSON is sample() written by WriteJSON.
func sampleJSON(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// workbook is a spreadsheet built in a test: rows by sheet, 1-based rows
// as row-1; a nil row is left empty.
type workbook map[string][][]string

func (w workbook) clone() workbook {
	c := workbook{}
	for name, rows := range w {
		c[name] = make([][]string, len(rows))
		for i, r := range rows {
			c[name][i] = slices.Clone(r)
		}
	}
	return c
}

// set puts v in the cell at row and column (1-based), growing the sheet.
func (w workbook) set(sheet string, row, col int, v string) {
	for len(w[sheet]) < row {
		w[sheet] = append(w[sheet], nil)
	}
	r := w[sheet][row-1]
	for len(r) < col {
		r = append(r, "")
	}
	r[col-1] = v
	w[sheet][row-1] = r
}

// insert puts a row before row (1-based).
func (w workbook) insert(sheet string, row int, cells ...string) {
	w[sheet] = slices.Insert(w[sheet], row-1, cells)
}

func (w workbook) xlsx(t testing.TB) []byte {
	t.Helper()
	b, err := w.build()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (w workbook) build() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	names := make([]string, 0, len(w))
	for name := range w {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		for i, r := range w[name] {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				return nil, err
			}
		}
	}
	if _, ok := w["Sheet1"]; !ok {
		if err := f.DeleteSheet("Sheet1"); err != nil {
			return nil, err
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// grid writes w as text: "#sheet" lines, then rows of cells split by "|".
func (w workbook) grid() string {
	var b strings.Builder
	names := slices.Sorted(maps.Keys(w))
	for _, name := range names {
		b.WriteString("#" + name + "\n")
		for _, r := range w[name] {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}

// parseGrid reads what grid writes.
func parseGrid(s string) workbook {
	w := workbook{}
	sheet := "survey"
	for line := range strings.Lines(s) {
		line = strings.TrimSuffix(line, "\n")
		if name, ok := strings.CutPrefix(line, "#"); ok {
			sheet = name
			if _, ok := w[sheet]; !ok {
				w[sheet] = nil
			}
			continue
		}
		var cells []string
		if line != "" {
			cells = strings.Split(line, "|")
		}
		w[sheet] = append(w[sheet], cells)
	}
	return w
}

// sampleWorkbook is an XLSForm with what the subset supports; its rows are
// numbered as error messages number them.
func sampleWorkbook() workbook {
	return workbook{
		"survey": {
			{"type", "name", "label::English (en)", "label::Español (es)", "hint::English (en)", "hint::Español (es)", "relevant", "required", "appearance"},
			{"note", "welcome", "You can skip any question.", "Puede omitir cualquier pregunta."},
			{"select_one region", "region", "Where do you live now?", "¿Dónde vive ahora?", "", "", "", "yes"},
			{"integer", "age", "How old are you?", "¿Qué edad tiene?"},
			{"begin_group", "support", "Support you received", "Apoyo que recibió", "Questions about the time after.", "Preguntas sobre el tiempo después.", "${age} > 17", "", "field-list"},
			{"select_multiple kinds", "received", "Which support did you receive?", "¿Qué apoyo recibió?"},
			{"select_one agree", "helpful", "How helpful was it?", "¿Qué tan útil fue?", "", "", "selected(${received}, 'housing') and ${region} != 'other'", "", "likert"},
			{"end_group"},
			nil,
			{"text", "change", "What should change first?", "¿Qué debería cambiar primero?", "Leave out names.", "Omita nombres.", "", "", "multiline"},
			{"decimal", "hours", "Hours a week you could give?", "¿Cuántas horas por semana podría dar?", "", "", "string-length(${change}) > 0"},
			{"text", "justice", "What does justice mean to you?", "¿Qué significa para usted la justicia?", "", "", "${region} = 'americas'", "no"},
		},
		"choices": {
			{"list_name", "name", "label::English (en)", "label::Español (es)"},
			{"region", "americas", "The Americas", "Las Américas"},
			{"region", "europe", "Europe", "Europa"},
			{"region", "other", "Elsewhere", "En otro lugar"},
			{"kinds", "housing", "Housing", "Vivienda"},
			{"kinds", "legal", "Legal advice", "Asesoría legal"},
			{"agree", "1", "Not at all", "Nada"},
			{"agree", "2", "Very", "Muy"},
		},
		"settings": {
			{"form_title", "form_id", "default_language"},
			{"Survivor engagement 2025", "engagement-2025", "English (en)"},
		},
	}
}

// sampleWorkbookDefinition is what sampleWorkbook reads as.
func sampleWorkbookDefinition() *model.Definition {
	title := model.Text{"en": "Survivor engagement 2025"}
	en := func(en, es string) model.Text { return model.Text{"en": en, "es": es} }
	return &model.Definition{
		Slug:      "engagement-2025",
		Languages: []string{"en", "es"},
		Title:     title,
		Sections: []model.Section{
			{ID: "s1", Title: model.Text{"en": "Survivor engagement 2025"}, Questions: []model.Question{
				{ID: "welcome", Type: model.Note, Text: en("You can skip any question.", "Puede omitir cualquier pregunta.")},
				{ID: "region", Type: model.SingleChoice, Required: true, Text: en("Where do you live now?", "¿Dónde vive ahora?"), Choices: []model.Choice{
					{Value: "americas", Label: en("The Americas", "Las Américas")},
					{Value: "europe", Label: en("Europe", "Europa")},
					{Value: "other", Label: en("Elsewhere", "En otro lugar")},
				}},
				{ID: "age", Type: model.Number, Integer: true, Text: en("How old are you?", "¿Qué edad tiene?")},
			}},
			{ID: "support", Title: en("Support you received", "Apoyo que recibió"),
				Warning: en("Questions about the time after.", "Preguntas sobre el tiempo después."),
				ShowIf:  []model.Condition{{Question: "age", Op: "greater", Values: []string{"17"}}},
				Questions: []model.Question{
					{ID: "received", Type: model.MultipleChoice, Text: en("Which support did you receive?", "¿Qué apoyo recibió?"), Choices: []model.Choice{
						{Value: "housing", Label: en("Housing", "Vivienda")},
						{Value: "legal", Label: en("Legal advice", "Asesoría legal")},
					}},
					{ID: "helpful", Type: model.Scale, Text: en("How helpful was it?", "¿Qué tan útil fue?"),
						ShowIf: []model.Condition{
							{Question: "received", Op: "any_of", Values: []string{"housing"}},
							{Question: "region", Op: "not_equals", Values: []string{"other"}},
						},
						Choices: []model.Choice{{Value: "1", Label: en("Not at all", "Nada")}, {Value: "2", Label: en("Very", "Muy")}}},
				}},
			{ID: "s2", Title: model.Text{"en": "Survivor engagement 2025"}, Questions: []model.Question{
				{ID: "change", Type: model.LongText, Text: en("What should change first?", "¿Qué debería cambiar primero?"), Hint: en("Leave out names.", "Omita nombres.")},
				{ID: "hours", Type: model.Number, Text: en("Hours a week you could give?", "¿Cuántas horas por semana podría dar?"),
					ShowIf: []model.Condition{{Question: "change", Op: "answered"}}},
				{ID: "justice", Type: model.ShortText, Text: en("What does justice mean to you?", "¿Qué significa para usted la justicia?"),
					ShowIf: []model.Condition{{Question: "region", Op: "equals", Values: []string{"americas"}}}},
			}},
		},
	}
}

// checkReadBack fails unless d passes Validate and reads back the same
// from its JSON export.
// readCase is one file to read: want is the error, "" for none.
type readCase struct{ name, in, want string }

// checkReads reads each case with read: a file that should be refused
// gives exactly its error, one that should be read reads back whole.
func checkReads(t *testing.T, read func(io.Reader) (*model.Definition, error), cases []readCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := read(strings.NewReader(c.in))
			if c.want != "" {
				if err == nil || err.Error() != c.want {
					t.Fatalf("error = %v\n want %s", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkReadBack(t, d)
		})
	}
}

func checkReadBack(t *testing.T, d *model.Definition) {
	t.Helper()
	if ps := d.Validate(shipped); len(ps) > 0 {
		t.Fatalf("read a definition that fails Validate: %v", ps)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatalf("export does not read back: %v\n%s", err, b.String())
	}
	if !reflect.DeepEqual(back, d) {
		t.Fatalf("export reads back different:\n got %#v\nwant %#v", back, d)
	}
}
