package surveyfile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

// jsonOf is the JSON export of sample() after edit.
func jsonOf(t *testing.T, edit func(d *model.Definition)) string {
	t.Helper()
	d := sample()
	edit(d)
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReadJSON(t *testing.T) {
	good := string(sampleJSON(t))
	minimal := `{"format": "survivor-voice/survey@1", "slug": "min", "languages": ["en"], "title": {"en": "T"}, "purpose": null,
		"audience": {}, "sections": [{"id": "s", "title": {}, "warning": {}, "show_if": [], "questions": [
		{"id": "q", "type": "short_text", "text": {"en": "Q"}, "hint": {}, "choices": [], "show_if": []},
		{"id": "r", "type": "short_text", "text": {"en": "R"}, "show_if": [{"question": "q", "op": "answered", "values": []}]}]}]}`
	cases := []readCase{
		{"OK", good, ""},
		{"OKEmptyOptionalParts", minimal, ""},
		{"ErrMissingFormat", strings.Replace(good, `"format": "survivor-voice/survey@1",`, "", 1),
			`missing format marker: the file must start with "format": "survivor-voice/survey@1"`},
		{"ErrOtherFormat", strings.Replace(good, "survey@1", "survey@2", 1),
			`unsupported format "survivor-voice/survey@2": want "survivor-voice/survey@1"`},
		{"ErrUnknownField", strings.Replace(good, `"slug"`, `"colour": "red",`+"\n  "+`"slug"`, 1),
			`line 3: unknown field "colour"`},
		{"ErrUnknownNestedField", strings.Replace(good, `"integer": true`, `"integer": true, "step": 1`, 1),
			`line 78: unknown field "step"`},
		{"ErrWrongType", strings.Replace(good, `"minutes": 10`, `"minutes": "ten"`, 1),
			`line 20: minutes: want a whole number, not string`},
		{"ErrChoiceValueNumber", `{"format": "survivor-voice/survey@1", "sections": [{"questions": [{"choices": [{"value": 1}]}]}]}`,
			`line 1: sections.questions.choices.value: want text, not number`},
		{"ErrNotObject", `["survivor-voice/survey@1"]`, `line 1: the file: want an object, not array`},
		{"ErrSyntax", good[:len(good)-20], `unexpected end of file`},
		{"ErrUnknownFieldTwice", strings.ReplaceAll(good, `"integer": true`, `"integer": true, "step": 1`) +
			strings.Replace(good, `"title"`, `"step": 2, "title"`, 1), `unknown field "step"`},
		{"ErrBadToken", "{\n\"format\": nope}", `line 2: invalid character 'o' in literal null (expecting 'u')`},
		{"ErrTrailingData", good + "{}", `unexpected data after the survey`},
		{"ErrEmpty", " \n", `empty file`},
		{"ErrTooLarge", good + strings.Repeat(" ", MaxSize), ErrTooLarge.Error()},
		{"ErrTooFewChoices", jsonOf(t, func(d *model.Definition) { d.Sections[0].Questions[1].Choices = d.Sections[0].Questions[1].Choices[:1] }),
			`sections[0].questions[1].choices: SurveyTooFewChoices`},
		{"ErrSeveralProblems", jsonOf(t, func(d *model.Definition) {
			d.Slug = "Bad Slug"
			d.Languages = append(d.Languages, "de")
			d.Sections[1].Questions[1].ShowIf[0].Question = "later"
		}), `slug: SurveyBadSlug Slug="Bad Slug"; languages: SurveyUnknownLanguage Language="de"; ` +
			`sections[1].questions[1].show_if[0]: SurveyConditionUnknown ID="later"`},
	}
	checkReads(t, ReadJSON, cases)
}

func TestReadJSONSample(t *testing.T) {
	d, err := ReadJSON(bytes.NewReader(sampleJSON(t)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, sample()) {
		t.Fatalf("got %#v\nwant %#v", d, sample())
	}
}

func TestImportErrorProblems(t *testing.T) {
	in := jsonOf(t, func(d *model.Definition) { d.Sections[2].Questions[0].MaxLen = -1 })
	_, err := ReadJSON(strings.NewReader(in))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v is not an *ImportError", err)
	}
	want := []model.Problem{{Where: "sections[2].questions[0].max_length", Key: "SurveyBadRange"}}
	if !reflect.DeepEqual(ie.Problems, want) {
		t.Fatalf("problems = %#v, want %#v", ie.Problems, want)
	}
}

func TestWriteJSON(t *testing.T) {
	a, b := sampleJSON(t), sampleJSON(t)
	if !bytes.Equal(a, b) {
		t.Fatal("two exports of one survey differ")
	}
	if want := "{\n  \"format\": \"survivor-voice/survey@1\",\n  \"slug\": \"engagement-2025\",\n"; !bytes.HasPrefix(a, []byte(want)) {
		t.Fatalf("export starts %q, want %q", a[:60], want)
	}
	if !bytes.Contains(a, []byte(`"es": "¿Dónde vive ahora?"`)) {
		t.Fatal("export escapes text it need not")
	}
}

func TestRead(t *testing.T) {
	yamlData := []byte("format: survivor-voice/survey@1\nslug: x\n")
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"OKJSON", "survey.json", sampleJSON(t), ""},
		{"OKYAML", "Survey.YML", sampleYAML(t), ""},
		{"OKXLSForm", "survey.xlsx", sampleWorkbook().xlsx(t), ""},
		{"ErrYAMLByExtension", "survey.yaml", yamlData, "languages: SurveyNoLanguage"},
		{"ErrExtension", "survey.csv", sampleJSON(t), `unsupported file type ".csv": want .json, .yaml, .yml or .xlsx`},
		{"ErrTooLarge", "survey.json", make([]byte, MaxSize+1), ErrTooLarge.Error()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Read(c.file, c.data)
			switch {
			case c.want == "" && err != nil:
				t.Fatal(err)
			case c.want == "":
				checkReadBack(t, d)
			case err == nil || !strings.Contains(err.Error(), c.want):
				t.Fatalf("error = %v, want %s", err, c.want)
			}
		})
	}
}
