package surveyfile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/survivorvoice/voice/internal/model"
)

// sampleYAML is sample() as YAML.
func sampleYAML(t testing.TB) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(sampleJSON(t), &v); err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// smallYAML is a one-question survey; choices are anchored and unquoted.
const smallYAML = `format: survivor-voice/survey@1
slug: small
languages: [en]
title: {en: Small}
purpose: {en: Testing}
minutes: 2
sections:
  - id: one
    title: {en: One}
    questions:
      - id: agree
        type: scale
        required: true
        text: {en: "Do you agree?"}
        choices: &likert
          - {value: 1, label: {en: No}}
          - {value: 2, label: {en: yes}}
      - id: again
        type: scale
        text: {en: "Again?"}
        choices: *likert
        show_if: [{question: agree, op: equals, values: [2]}]
      - id: hours
        type: number
        min: 0.5
        max: 1e3
        text: {en: Hours}
`

func TestReadYAML(t *testing.T) {
	bomb := "format: survivor-voice/survey@1\na: &a [x,x,x,x,x,x,x,x,x,x]\n"
	for _, n := range "bcdefghi" {
		p := string(n - 1)
		bomb += string(n) + ": &" + string(n) + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + "]\n"
	}
	cases := []readCase{
		{"OK", string(sampleYAML(t)), ""},
		{"OKAnchorsAndUnquotedText", smallYAML, ""},
		{"ErrMissingFormat", strings.Replace(smallYAML, "format: survivor-voice/survey@1", "", 1),
			`missing format marker: the file must start with "format": "survivor-voice/survey@1"`},
		{"ErrUnknownField", strings.Replace(smallYAML, "minutes: 2", "minutes: 2\ncolour: red", 1), `unknown field "colour"`},
		{"ErrWrongType", strings.Replace(smallYAML, "minutes: 2", "minutes: ten", 1), `minutes: want a whole number, not string`},
		{"ErrInfinity", strings.Replace(smallYAML, "max: 1e3", "max: .inf", 1), `line 26: max: want a finite number`},
		{"ErrDuplicateKey", strings.Replace(smallYAML, "minutes: 2", "minutes: 2\nminutes: 3", 1), `line 7: "minutes" appears twice`},
		{"ErrSyntax", smallYAML + "  - [", `line 28: did not find expected node content`},
		{"ErrTwoDocuments", smallYAML + "---\nslug: other\n", `a survey file holds one YAML document`},
		{"ErrEmpty", "# nothing\n", `empty file`},
		{"ErrAliasBomb", bomb, errExpanded.Error()},
		{"ErrTooLarge", smallYAML + "#" + strings.Repeat("x", MaxSize), ErrTooLarge.Error()},
		{"ErrValidate", strings.Replace(smallYAML, "values: [2]", "values: [3]", 1),
			`sections[0].questions[1].show_if[0]: SurveyConditionValues Value="3"`},
	}
	checkReads(t, ReadYAML, cases)
}

func TestReadYAMLSample(t *testing.T) {
	d, err := ReadYAML(strings.NewReader(string(sampleYAML(t))))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, sample()) {
		t.Fatalf("got %#v\nwant %#v", d, sample())
	}
}

// Unquoted YAML scalars are text wherever the format wants text.
func TestReadYAMLScalars(t *testing.T) {
	d, err := ReadYAML(strings.NewReader(smallYAML))
	if err != nil {
		t.Fatal(err)
	}
	q := d.Sections[0].Questions
	got := []string{q[0].Choices[0].Value, q[0].Choices[0].Label["en"], q[0].Choices[1].Label["en"]}
	if !reflect.DeepEqual(got, []string{"1", "No", "yes"}) {
		t.Errorf("choices read as %q", got)
	}
	if !reflect.DeepEqual(q[1].Choices, q[0].Choices) || q[1].ShowIf[0].Values[0] != "2" {
		t.Errorf("aliased choices or condition read wrong: %#v", q[1])
	}
	if *q[2].Min != 0.5 || *q[2].Max != 1000 || !q[0].Required || d.Minutes != 2 {
		t.Errorf("typed fields read wrong: %#v", q[2])
	}
	if !reflect.DeepEqual(d.Title, model.Text{"en": "Small"}) {
		t.Errorf("title = %v", d.Title)
	}
}
