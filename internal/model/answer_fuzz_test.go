package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzQuestions has one question of every type.
func fuzzQuestions() []Question {
	min, max := 0.0, 100.0
	ch := []Choice{{Value: "a", Label: Text{"en": "A"}}, {Value: "b", Label: Text{"en": "B"}}, {Value: "c", Label: Text{"en": "C"}}}
	return []Question{
		{ID: "single", Type: SingleChoice, Choices: ch},
		{ID: "multi", Type: MultipleChoice, Choices: ch},
		{ID: "scale", Type: Scale, Choices: ch, Required: true},
		{ID: "rating", Type: Rating},
		{ID: "number", Type: Number, Min: &min, Max: &max, Integer: true},
		{ID: "short", Type: ShortText},
		{ID: "long", Type: LongText, MaxLen: 50},
		{ID: "note", Type: Note},
	}
}

// FuzzParseAnswer feeds the answer-form decoder whatever a client could post
// for a question: it must never panic, and what it accepts must fit the
// question.
func FuzzParseAnswer(f *testing.F) {
	f.Add(0, "a", "")
	f.Add(1, "a", "c")
	f.Add(1, "a", "zz")
	f.Add(2, Declined, "")
	f.Add(3, "11", "")
	f.Add(4, "3,5", "")
	f.Add(4, "NaN", "")
	f.Add(5, "hello\x00", "")
	f.Add(6, strings.Repeat("ب", 60), "")
	f.Add(7, "x", Declined)
	qs := fuzzQuestions()
	f.Fuzz(func(t *testing.T, which int, v1, v2 string) {
		q := &qs[((which%len(qs))+len(qs))%len(qs)]
		a, err := q.ParseAnswer([]string{v1, v2})
		if err != nil {
			if err.Key == "" {
				t.Fatal("a refusal without a message key")
			}
			return
		}
		switch {
		case a.Declined && q.Required:
			t.Fatal("a required question was declined")
		case len(a.Values) > 0:
			if !q.HasChoices() {
				t.Fatalf("choices for a %s question", q.Type)
			}
			for _, v := range a.Values {
				if !q.hasChoice(v) {
					t.Fatalf("unknown choice %q accepted", v)
				}
			}
			if q.Type != MultipleChoice && len(a.Values) != 1 {
				t.Fatal("several values for a single-choice question")
			}
		case a.Number != nil:
			if q.Type == Rating && (*a.Number < 0 || *a.Number > 10) {
				t.Fatalf("rating %v accepted", *a.Number)
			}
			if q.Type == Number && (*a.Number < *q.Min || *a.Number > *q.Max) {
				t.Fatalf("number %v outside the limits accepted", *a.Number)
			}
		case a.Text != "":
			if !q.IsText() || !utf8.ValidString(a.Text) || utf8.RuneCountInString(a.Text) > q.MaxLength() {
				t.Fatalf("text %q accepted for %s", a.Text, q.Type)
			}
		}
	})
}
