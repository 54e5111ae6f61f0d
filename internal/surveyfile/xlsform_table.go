package surveyfile

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/survivorvoice/voice/internal/model"
)

// column is what a header names: a field such as "type" and, for the
// columns of a translated field, a language ("" for a bare "label").
type column struct {
	header string
	field  string // "" for a column the sheet does not support
	lang   string
}

// table is a sheet read through its header row.
type table struct {
	sheet  string
	header int // row number of the header
	cols   []column
	rows   []sheetRow
}

// fieldAliases are other spellings of a header that XLSForm tools accept.
var fieldAliases = map[string]string{"list name": "list_name"}

// newTable reads a sheet whose first row is its header. fields lists the
// sheet's columns, true for those translated with "::Language (code)". A
// value in any other column is an error; an unknown column left empty is not.
func newTable(sheet string, rows []sheetRow, fields map[string]bool) (*table, error) {
	t := &table{sheet: sheet}
	if len(rows) == 0 {
		return t, nil
	}
	t.header, t.rows = rows[0].num, rows[1:]
	seen := map[column]bool{}
	for i, h := range rows[0].cells {
		c, err := parseHeader(h, fields)
		if err != nil {
			return nil, &CellError{Sheet: sheet, Row: t.header, Column: h, Msg: err.Error()}
		}
		if c.field != "" && seen[column{field: c.field, lang: c.lang}] {
			return nil, &CellError{Sheet: sheet, Row: t.header, Column: h, Msg: "a second column of this name"}
		}
		seen[column{field: c.field, lang: c.lang}] = true
		if c.header == "" {
			c.header = columnLetter(i)
		}
		t.cols = append(t.cols, c)
	}
	return t, t.checkCells()
}

// checkCells refuses values in unsupported columns, and text that is not
// UTF-8 (which a workbook's XML cannot hold, but a bug could produce).
func (t *table) checkCells() error {
	for _, r := range t.rows {
		for i, v := range r.cells {
			switch {
			case !utf8.ValidString(v):
				return &CellError{Sheet: t.sheet, Row: r.num, Column: columnLetter(i), Msg: "not UTF-8 text"}
			case v == "":
			case i >= len(t.cols):
				return &CellError{Sheet: t.sheet, Row: r.num, Column: columnLetter(i), Msg: "a value in a column without a header"}
			case t.cols[i].field == "":
				return &CellError{Sheet: t.sheet, Row: r.num, Column: t.cols[i].header, Msg: fmt.Sprintf("unsupported column (value %q)", v)}
			}
		}
	}
	return nil
}

func parseHeader(h string, fields map[string]bool) (column, error) {
	if h == "" {
		return column{}, nil
	}
	base, suffix, translated := strings.Cut(h, "::")
	base = strings.ToLower(strings.TrimSpace(base))
	if a, ok := fieldAliases[base]; ok {
		base = a
	}
	known, ok := fields[base]
	switch {
	case !ok || translated && !known:
		return column{header: h}, nil
	case !translated:
		return column{header: h, field: base}, nil
	}
	lang, ok := languageCode(suffix)
	if !ok {
		return column{}, fmt.Errorf("name the language code, as in %s::English (en)", base)
	}
	return column{header: h, field: base, lang: lang}, nil
}

var (
	langInParens = regexp.MustCompile(`\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*\)$`)
	langCode     = regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)
)

// languageCode reads "English (en)" or "en" as "en".
func languageCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if m := langInParens.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	return s, langCode.MatchString(s)
}

// value is the row's cell in the field's untranslated column.
func (t *table) value(r sheetRow, field string) string {
	for i, c := range t.cols {
		if c.field == field && c.lang == "" && i < len(r.cells) {
			return r.cells[i]
		}
	}
	return ""
}

// text is the row's cells in the field's columns by language, a bare column
// counting as def; nil when all are empty.
func (t *table) text(r sheetRow, field, def string) model.Text {
	var text model.Text
	for i, c := range t.cols {
		if c.field != field || i >= len(r.cells) || r.cells[i] == "" {
			continue
		}
		if text == nil {
			text = model.Text{}
		}
		text[langOr(c.lang, def)] = r.cells[i]
	}
	return text
}

// languages lists the languages of the field's columns in order, a bare
// column counting as def.
func (t *table) languages(field, def string) ([]string, error) {
	var langs []string
	for _, c := range t.cols {
		if c.field != field {
			continue
		}
		lang := langOr(c.lang, def)
		for _, l := range langs {
			if l == lang {
				return nil, &CellError{Sheet: t.sheet, Row: t.header, Column: c.header, Msg: fmt.Sprintf("a second %s column in language %q", field, lang)}
			}
		}
		langs = append(langs, lang)
	}
	return langs, nil
}

// hasBare reports whether the field has an untranslated column.
func (t *table) hasBare(field string) bool {
	for _, c := range t.cols {
		if c.field == field && c.lang == "" {
			return true
		}
	}
	return false
}

func langOr(lang, def string) string {
	if lang == "" {
		return def
	}
	return lang
}

// errAt is a problem in the row's cell of field.
func (t *table) errAt(r sheetRow, field, format string, args ...any) *CellError {
	return &CellError{Sheet: t.sheet, Row: r.num, Column: field, Msg: fmt.Sprintf(format, args...)}
}
