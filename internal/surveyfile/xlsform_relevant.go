package surveyfile

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// The parts of a relevant clause.
const (
	refPart = `\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}`
	strPart = `(?:'([^']*)'|"([^"]*)")`
	numPart = `(-?[0-9]+(?:\.[0-9]+)?)`
)

// The relevant clauses understood, each mapped to a model.Condition.
var (
	compareString = regexp.MustCompile(`^` + refPart + `\s*(!?=)\s*` + strPart + `$`)
	compareNumber = regexp.MustCompile(`^` + refPart + `\s*(!?=|<|>)\s*` + numPart + `$`)
	selected      = regexp.MustCompile(`^selected\(\s*` + refPart + `\s*,\s*` + strPart + `\s*\)$`)
	hasLength     = regexp.MustCompile(`^string-length\(\s*` + refPart + `\s*\)\s*>\s*0$`)
)

var compareOps = map[string]string{"=": "equals", "!=": "not_equals", ">": "greater", "<": "less"}

// parseRelevant reads an XLSForm relevant expression: clauses joined by
// "and", all of which must hold (as all of a question's conditions must).
// A clause is one of:
//
//	${q} = 'v'    ${q} != 'v'    ${q} = N    ${q} != N    ${q} > N    ${q} < N
//	selected(${q}, 'v')    ${q} != ''    string-length(${q}) > 0
func parseRelevant(expr string) ([]model.Condition, error) {
	if expr == "" {
		return nil, nil
	}
	var cs []model.Condition
	for _, clause := range splitAnd(expr) {
		c, ok := parseClause(strings.TrimSpace(clause))
		if !ok {
			return nil, fmt.Errorf("unsupported expression %q", expr)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

func parseClause(s string) (model.Condition, bool) {
	if m := compareString.FindStringSubmatch(s); m != nil {
		v := m[3] + m[4]
		switch {
		case v == "" && m[2] == "!=":
			return model.Condition{Question: m[1], Op: "answered"}, true
		case v == "": // "not answered" has no condition
			return model.Condition{}, false
		}
		return model.Condition{Question: m[1], Op: compareOps[m[2]], Values: []string{v}}, true
	}
	if m := compareNumber.FindStringSubmatch(s); m != nil {
		return model.Condition{Question: m[1], Op: compareOps[m[2]], Values: []string{m[3]}}, true
	}
	if m := selected.FindStringSubmatch(s); m != nil {
		return model.Condition{Question: m[1], Op: "any_of", Values: []string{m[2] + m[3]}}, true
	}
	if m := hasLength.FindStringSubmatch(s); m != nil {
		return model.Condition{Question: m[1], Op: "answered"}, true
	}
	return model.Condition{}, false
}

// splitAnd splits at each " and " outside quotes.
func splitAnd(expr string) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case isSpace(c) && i+5 <= len(expr) && expr[i+1:i+4] == "and" && isSpace(expr[i+4]):
			parts = append(parts, expr[start:i])
			start = i + 5
			i += 4
		}
	}
	return append(parts, expr[start:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
