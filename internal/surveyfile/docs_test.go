package surveyfile

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The examples of docs/survey-format.md are the sample survey.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../../docs/survey-format.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```(json|yaml)\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != 2 {
		t.Fatalf("found %d json/yaml examples, want 2", len(blocks))
	}
	for _, b := range blocks {
		t.Run("OK"+strings.ToUpper(b[1]), func(t *testing.T) {
			d, err := Read("example."+b[1], []byte(b[2]))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d, sample()) {
				t.Fatalf("the %s example is not the sample survey", b[1])
			}
		})
	}
	if !strings.Contains(string(doc), string(sampleJSON(t))) {
		t.Error("the JSON example is not as WriteJSON writes it")
	}
}
