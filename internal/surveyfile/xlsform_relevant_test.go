package surveyfile

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

func TestParseRelevant(t *testing.T) {
	c := func(q, op string, vs ...string) model.Condition {
		return model.Condition{Question: q, Op: op, Values: vs}
	}
	cases := []struct {
		name, expr string
		want       []model.Condition // nil with ok false: refused
		ok         bool
	}{
		{"OKEmpty", "", nil, true},
		{"OKEquals", "${a} = 'x'", []model.Condition{c("a", "equals", "x")}, true},
		{"OKEqualsDoubleQuotes", `${a}="x y"`, []model.Condition{c("a", "equals", "x y")}, true},
		{"OKNotEquals", "${a} != 'x'", []model.Condition{c("a", "not_equals", "x")}, true},
		{"OKEqualsNumber", "${age} = 18", []model.Condition{c("age", "equals", "18")}, true},
		{"OKSelected", "selected( ${a} , 'x')", []model.Condition{c("a", "any_of", "x")}, true},
		{"OKGreater", "${n} > -1.5", []model.Condition{c("n", "greater", "-1.5")}, true},
		{"OKLess", "${n}<10", []model.Condition{c("n", "less", "10")}, true},
		{"OKAnswered", "${a} != ''", []model.Condition{c("a", "answered")}, true},
		{"OKStringLength", "string-length(${a}) > 0", []model.Condition{c("a", "answered")}, true},
		{"OKAnd", "selected(${a}, 'x') and selected(${a}, 'y')\nand ${n} > 2",
			[]model.Condition{c("a", "any_of", "x"), c("a", "any_of", "y"), c("n", "greater", "2")}, true},
		{"OKAndInQuotes", "${a} = 'salt and pepper'", []model.Condition{c("a", "equals", "salt and pepper")}, true},
		{"ErrOr", "${a} = 'x' or ${b} = 'y'", nil, false},
		{"ErrParentheses", "(${a} = 'x')", nil, false},
		{"ErrNotAnswered", "${a} = ''", nil, false},
		{"ErrGreaterOrEqual", "${n} >= 2", nil, false},
		{"ErrGreaterText", "${n} > 'x'", nil, false},
		{"ErrFunction", "count-selected(${a}) > 1", nil, false},
		{"ErrCurrentNode", ". > 1", nil, false},
		{"ErrTrailingAnd", "${a} = 'x' and", nil, false},
		{"ErrUpperAnd", "${a} = 'x' AND ${b} = 'y'", nil, false},
		{"ErrStringLengthEquals", "string-length(${a}) = 0", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseRelevant(tc.expr)
			if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parseRelevant(%q) = %#v, %v", tc.expr, got, err)
			}
			if err != nil && err.Error() != fmt.Sprintf("unsupported expression %q", tc.expr) {
				t.Fatalf("error %q", err)
			}
		})
	}
}
