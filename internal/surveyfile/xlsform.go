package surveyfile

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// The columns of each sheet; true marks the translated ones
// ("label::Español (es)").
var (
	surveyColumns   = map[string]bool{"type": false, "name": false, "label": true, "hint": true, "relevant": false, "required": false, "appearance": false}
	choiceColumns   = map[string]bool{"list_name": false, "name": false, "label": true}
	settingsColumns = map[string]bool{"form_title": false, "form_id": false, "default_language": false}
)

// ReadXLSForm reads a survey from an XLSForm workbook (.xlsx), in the subset
// described in docs/survey-format.md. fileName gives the survey's slug when
// the settings sheet has no form_id. Anything outside the subset is refused
// with a *CellError naming the sheet, row and column; a survey that breaks
// the model's rules is refused with an *ImportError.
func ReadXLSForm(r io.Reader, fileName string) (*model.Definition, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return readXLSForm(data, fileName)
}

func readXLSForm(data []byte, fileName string) (*model.Definition, error) {
	sheets, err := readWorkbook(data)
	if err != nil {
		return nil, err
	}
	return fromSheets(sheets, fileName)
}

// fromSheets reads the non-empty rows of the survey, choices and settings
// sheets.
func fromSheets(sheets map[string][]sheetRow, fileName string) (*model.Definition, error) {
	if len(sheets["survey"]) < 2 {
		return nil, &CellError{Sheet: "survey", Msg: "missing, or without questions"}
	}
	survey, err := newTable("survey", sheets["survey"], surveyColumns)
	if err != nil {
		return nil, err
	}
	choices, err := newTable("choices", sheets["choices"], choiceColumns)
	if err != nil {
		return nil, err
	}
	set, err := readSettings(sheets["settings"], fileName)
	if err != nil {
		return nil, err
	}
	langs, err := surveyLanguages(survey, choices, &set)
	if err != nil {
		return nil, err
	}
	lists, err := readChoices(choices, set.lang)
	if err != nil {
		return nil, err
	}
	title := model.Text{set.lang: set.title}
	b := &sections{t: survey, lang: set.lang, lists: lists, title: title, names: map[string]int{}, places: map[string]string{}}
	for _, r := range survey.rows {
		if err := b.row(r); err != nil {
			return nil, err
		}
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	d := &model.Definition{Slug: set.slug, Languages: langs, Title: title, Sections: b.list}
	b.places["slug"] = set.slugPlace
	b.places["languages"] = place("survey", survey.header)
	if err := validate(d, locator(b.places)); err != nil {
		return nil, err
	}
	return d, nil
}

// settings are what the settings sheet says, with defaults filled in.
type settings struct {
	title, slug, lang string
	slugPlace         string
	langRow           int // where default_language was given; 0 if it was not
}

func readSettings(rows []sheetRow, fileName string) (settings, error) {
	t, err := newTable("settings", rows, settingsColumns)
	if err != nil {
		return settings{}, err
	}
	if len(t.rows) > 1 {
		return settings{}, &CellError{Sheet: "settings", Row: t.rows[1].num, Msg: "only one row of settings is read"}
	}
	var r sheetRow
	if len(t.rows) == 1 {
		r = t.rows[0]
	}
	s := settings{title: t.value(r, "form_title"), slug: t.value(r, "form_id")}
	if s.slug != "" {
		s.slugPlace = place("settings", r.num) + ", column form_id"
	} else {
		s.slug, s.slugPlace = slugOf(fileName), "file name"
	}
	if s.title == "" {
		s.title = s.slug
	}
	if v := t.value(r, "default_language"); v != "" {
		lang, ok := languageCode(v)
		if !ok {
			return s, t.errAt(r, "default_language", "%q names no language code, as in English (en)", v)
		}
		s.lang, s.langRow = lang, r.num
	}
	return s, nil
}

var notSlug = regexp.MustCompile(`[^a-z0-9-]+`)

// slugOf makes a slug of a file name: "Needs 2025.xlsx" → "needs-2025".
func slugOf(fileName string) string {
	base := strings.ToLower(filepath.Base(fileName))
	s := notSlug.ReplaceAllString(strings.TrimSuffix(base, filepath.Ext(base)), "-")
	return strings.Trim(s[:min(len(s), 64)], "-")
}

// surveyLanguages settles the default language (default_language, else en
// for a bare label column or when there is an English one, else the first
// label column's) and returns the survey's languages, the default first.
// Hint and choice labels may only be in those.
func surveyLanguages(survey, choices *table, set *settings) ([]string, error) {
	if set.lang == "" {
		set.lang = "en"
		if langs, _ := survey.languages("label", ""); !survey.hasBare("label") && len(langs) > 0 && !slices.Contains(langs, "en") {
			set.lang = langs[0]
		}
	}
	langs, err := survey.languages("label", set.lang)
	if err != nil {
		return nil, err
	}
	if len(langs) == 0 {
		return nil, &CellError{Sheet: "survey", Row: survey.header, Msg: "no label column"}
	}
	if !slices.Contains(langs, set.lang) {
		return nil, &CellError{Sheet: "settings", Row: set.langRow, Column: "default_language", Msg: fmt.Sprintf("no label column in %q", set.lang)}
	}
	for _, c := range []struct {
		t     *table
		field string
	}{{survey, "hint"}, {choices, "label"}} {
		if err := sameLanguages(c.t, c.field, set.lang, langs); err != nil {
			return nil, err
		}
	}
	i := slices.Index(langs, set.lang)
	return append([]string{set.lang}, slices.Delete(langs, i, i+1)...), nil
}

// sameLanguages checks that the field's columns are all in langs.
func sameLanguages(t *table, field, def string, langs []string) error {
	if _, err := t.languages(field, def); err != nil { // two columns in one language
		return err
	}
	for _, c := range t.cols {
		if c.field == field && !slices.Contains(langs, langOr(c.lang, def)) {
			return &CellError{Sheet: t.sheet, Row: t.header, Column: c.header, Msg: fmt.Sprintf("language %q has no label column in the survey sheet", langOr(c.lang, def))}
		}
	}
	return nil
}

// readChoices reads the choices sheet into lists by list name.
func readChoices(t *table, lang string) (map[string][]listChoice, error) {
	lists := map[string][]listChoice{}
	for _, r := range t.rows {
		list, name := t.value(r, "list_name"), t.value(r, "name")
		switch {
		case list == "":
			return nil, t.errAt(r, "list_name", "missing list_name")
		case name == "":
			return nil, t.errAt(r, "name", "missing name")
		}
		if i := slices.IndexFunc(lists[list], func(c listChoice) bool { return c.choice.Value == name }); i >= 0 {
			return nil, t.errAt(r, "name", "duplicate name %q in list %q (first on row %d)", name, list, lists[list][i].row)
		}
		label := t.text(r, "label", lang)
		if label == nil {
			return nil, t.errAt(r, "label", "missing label")
		}
		lists[list] = append(lists[list], listChoice{model.Choice{Value: name, Label: label}, r.num})
	}
	return lists, nil
}

// locator turns Validate's path of a problem into its place in the
// workbook, keeping the path: "survey sheet, row 7 (sections[0].questions[1].choices)".
func locator(places map[string]string) func(string) string {
	return func(where string) string {
		for p := where; p != ""; p = parentPath(p) {
			if at, ok := places[p]; ok {
				return at + " (" + where + ")"
			}
		}
		return where
	}
}

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}
