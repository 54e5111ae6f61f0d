package model

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
)

// Languages is a set of language codes, such as the languages a moderator
// works in, stored as a comma-separated list.
type Languages []string

// ParseLanguages reads "es,fr" or "es fr", keeping the codes that known
// accepts, sorted and without duplicates. An unknown code is an error.
func ParseLanguages(s string, known func(string) bool) (Languages, error) {
	var out Languages
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		code := strings.ToLower(strings.TrimSpace(part))
		if known != nil && !known(code) {
			return nil, Errorf(CodeInvalid, "ErrorUnknownLanguage").WithData(map[string]any{"Language": code})
		}
		out = append(out, code)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Has reports whether the set holds code.
func (ls Languages) Has(code string) bool { return slices.Contains(ls, code) }

func (ls Languages) String() string { return strings.Join(ls, ",") }

// Value stores the set as text.
func (ls Languages) Value() (driver.Value, error) { return ls.String(), nil }

// Scan reads the set from text.
func (ls *Languages) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*ls, _ = ParseLanguages(v, nil)
	case []byte:
		*ls, _ = ParseLanguages(string(v), nil)
	case nil:
		*ls = nil
	default:
		return fmt.Errorf("languages: cannot scan %T", src)
	}
	return nil
}
