package surveyfile

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

// The sample workbook's survey sheet, by row: 1 header, 2 welcome (note),
// 3 region, 4 age, 5 begin_group support, 6 received, 7 helpful,
// 8 end_group, 9 empty, 10 change, 11 hours, 12 justice. Columns: A type,
// B name, C-D label en/es, E-F hint en/es, G relevant, H required,
// I appearance. Choices sheet: 2-4 region, 5-6 kinds, 7-8 agree.

func TestReadXLSForm(t *testing.T) {
	cases := []struct {
		name string
		edit func(w workbook)
		want string // the error
	}{
		{"ErrUnknownColumn", func(w workbook) { w.set("survey", 1, 10, "constraint"); w.set("survey", 4, 10, ". > 15") },
			`survey sheet, row 4, column constraint: unsupported column (value ". > 15")`},
		{"ErrValueWithoutHeader", func(w workbook) { w.set("survey", 3, 12, "x") },
			`survey sheet, row 3, column L: a value in a column without a header`},
		{"ErrUnknownType", func(w workbook) { w.set("survey", 4, 1, "geopoint") },
			`survey sheet, row 4, column type: unsupported type "geopoint"`},
		{"ErrOrOther", func(w workbook) { w.set("survey", 3, 1, "select_one region or_other") },
			`survey sheet, row 3, column type: unsupported type "select_one region or_other"`},
		{"ErrRepeat", func(w workbook) { w.set("survey", 5, 1, "begin_repeat") },
			`survey sheet, row 5, column type: unsupported type "begin_repeat"`},
		{"ErrMissingType", func(w workbook) { w.set("survey", 4, 1, "") },
			`survey sheet, row 4, column type: missing type`},
		{"ErrNestedGroup", func(w workbook) { w.insert("survey", 6, "begin group", "inner", "Inner", "Interno") },
			`survey sheet, row 6, column type: nested groups are not supported (the group of row 5 is still open)`},
		{"ErrUnclosedGroup", func(w workbook) { w.set("survey", 8, 1, "") },
			`survey sheet, row 5, column type: group "support" has no end_group`},
		{"ErrEndWithoutBegin", func(w workbook) { w.insert("survey", 2, "end_group") },
			`survey sheet, row 2, column type: end_group without begin_group`},
		{"ErrEndGroupName", func(w workbook) { w.set("survey", 8, 2, "other") },
			`survey sheet, row 8, column name: end_group "other" does not close group "support"`},
		{"ErrEndGroupLabel", func(w workbook) { w.set("survey", 8, 4, "Fin") },
			`survey sheet, row 8, column label: not used on end_group`},
		{"ErrRelevantOr", func(w workbook) { w.set("survey", 7, 7, "${received} = 'x' or ${region} = 'y'") },
			`survey sheet, row 7, column relevant: unsupported expression "${received} = 'x' or ${region} = 'y'"`},
		{"ErrRelevantFunction", func(w workbook) { w.set("survey", 5, 7, "count-selected(${received}) > 1") },
			`survey sheet, row 5, column relevant: unsupported expression "count-selected(${received}) > 1"`},
		{"ErrMissingList", func(w workbook) { w.set("survey", 6, 1, "select_multiple colours") },
			`survey sheet, row 6, column type: list "colours" is not in the choices sheet`},
		{"ErrDuplicateName", func(w workbook) { w.set("survey", 4, 2, "region") },
			`survey sheet, row 4, column name: duplicate name "region" (first on row 3)`},
		{"ErrGroupNameTaken", func(w workbook) { w.set("survey", 5, 2, "age") },
			`survey sheet, row 5, column name: duplicate name "age" (first on row 4)`},
		{"ErrBadName", func(w workbook) { w.set("survey", 4, 2, "Age") },
			`survey sheet, row 4, column name: "Age" is not a valid name: use a-z, 0-9 and _, starting with a letter, at most 64 characters`},
		{"ErrMissingName", func(w workbook) { w.set("survey", 4, 2, "") },
			`survey sheet, row 4, column name: missing name`},
		{"ErrMissingLabel", func(w workbook) { w.set("survey", 4, 3, ""); w.set("survey", 4, 4, "") },
			`survey sheet, row 4, column label: missing label`},
		{"ErrRequiredValue", func(w workbook) { w.set("survey", 3, 8, "maybe") },
			`survey sheet, row 3, column required: "maybe" is not yes or no`},
		{"ErrRequiredNote", func(w workbook) { w.set("survey", 2, 8, "yes") },
			`survey sheet, row 2, column required: a note cannot be required`},
		{"ErrRequiredGroup", func(w workbook) { w.set("survey", 5, 8, "TRUE") },
			`survey sheet, row 5, column required: a group cannot be required`},
		{"ErrAppearance", func(w workbook) { w.set("survey", 4, 9, "minimal") },
			`survey sheet, row 4, column appearance: unsupported appearance "minimal" for type "integer"`},
		{"ErrUnknownSheet", func(w workbook) { w["external_choices"] = [][]string{nil, {"list_name"}} },
			`external_choices sheet, row 2: unsupported sheet: only survey, choices and settings are read`},
		{"ErrNoSurveySheet", func(w workbook) { delete(w, "survey") },
			`survey sheet: missing, or without questions`},
		{"ErrLabelWithoutCode", func(w workbook) { w.set("survey", 1, 3, "label::English") },
			`survey sheet, row 1, column label::English: name the language code, as in label::English (en)`},
		{"ErrSecondLabelColumn", func(w workbook) { w.set("survey", 1, 4, "label::en") },
			`survey sheet, row 1, column label::en: a second column of this name`},
		{"ErrBareAndEnglishLabel", func(w workbook) { w.set("survey", 1, 4, "label") },
			`survey sheet, row 1, column label: a second label column in language "en"`},
		{"ErrHintLanguage", func(w workbook) { w.set("survey", 1, 6, "hint::Français (fr)") },
			`survey sheet, row 1, column hint::Français (fr): language "fr" has no label column in the survey sheet`},
		{"ErrChoiceLanguage", func(w workbook) { w.set("choices", 1, 5, "label::Português (pt)") },
			`choices sheet, row 1, column label::Português (pt): language "pt" has no label column in the survey sheet`},
		{"ErrUnshippedLanguage", func(w workbook) {
			w.set("survey", 1, 4, "label::Deutsch (de)")
			w.set("survey", 1, 6, "hint::Deutsch (de)")
			w.set("choices", 1, 4, "label::Deutsch (de)")
		}, `survey sheet, row 1 (languages): SurveyUnknownLanguage Language="de"`},
		{"ErrChoiceDuplicate", func(w workbook) { w.set("choices", 3, 2, "americas") },
			`choices sheet, row 3, column name: duplicate name "americas" in list "region" (first on row 2)`},
		{"ErrChoiceMissingLabel", func(w workbook) { w.set("choices", 5, 3, ""); w.set("choices", 5, 4, "") },
			`choices sheet, row 5, column label: missing label`},
		{"ErrChoiceMissingList", func(w workbook) { w.set("choices", 5, 1, "") },
			`choices sheet, row 5, column list_name: missing list_name`},
		{"ErrChoiceUnknownColumn", func(w workbook) { w.set("choices", 1, 5, "filter"); w.set("choices", 3, 5, "x") },
			`choices sheet, row 3, column filter: unsupported column (value "x")`},
		{"ErrTooFewChoices", func(w workbook) { w.set("choices", 8, 1, "agree2") },
			`survey sheet, row 7 (sections[1].questions[1].choices): SurveyTooFewChoices`},
		{"ErrBadChoiceValue", func(w workbook) { w.set("choices", 2, 2, "_americas") },
			`choices sheet, row 2 (sections[0].questions[1].choices[0].value): SurveyBadChoice Value="_americas"; ` +
				`survey sheet, row 12 (sections[2].questions[2].show_if[0]): SurveyConditionValues Value="americas"`},
		{"ErrConditionOnLater", func(w workbook) { w.set("survey", 4, 7, "${hours} > 2") },
			`survey sheet, row 4 (sections[0].questions[2].show_if[0]): SurveyConditionUnknown ID="hours"`},
		{"ErrConditionOnNote", func(w workbook) { w.set("survey", 4, 7, "${welcome} != ''") },
			`survey sheet, row 4 (sections[0].questions[2].show_if[0]): SurveyConditionUnknown ID="welcome"`},
		{"ErrEmptyGroup", func(w workbook) {
			w.insert("survey", 9, "begin_group", "empty", "Empty", "Vacío")
			w.insert("survey", 10, "end_group")
		}, `survey sheet, row 9 (sections[2]): SurveyEmptySection`},
		{"ErrBadSlug", func(w workbook) { w.set("settings", 2, 2, "Engagement_2025") },
			`settings sheet, row 2, column form_id (slug): SurveyBadSlug Slug="Engagement_2025"`},
		{"ErrSettingsTwoRows", func(w workbook) { w.set("settings", 3, 1, "Other") },
			`settings sheet, row 3: only one row of settings is read`},
		{"ErrSettingsColumn", func(w workbook) { w.set("settings", 1, 4, "version"); w.set("settings", 2, 4, "3") },
			`settings sheet, row 2, column version: unsupported column (value "3")`},
		{"ErrDefaultLanguage", func(w workbook) { w.set("settings", 2, 3, "Français (fr)") },
			`settings sheet, row 2, column default_language: no label column in "fr"`},
		{"ErrDefaultLanguageName", func(w workbook) { w.set("settings", 2, 3, "English") },
			`settings sheet, row 2, column default_language: "English" names no language code, as in English (en)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := sampleWorkbook().clone()
			c.edit(w)
			_, err := ReadXLSForm(bytes.NewReader(w.xlsx(t)), "survey.xlsx")
			if err == nil || err.Error() != c.want {
				t.Fatalf("error = %v\n want %s", err, c.want)
			}
		})
	}
}

func TestReadXLSFormFile(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"ErrNotWorkbook", []byte("type,name\ntext,q\n"), `not an XLSForm workbook: zip: not a valid zip file`},
		{"ErrTooLarge", make([]byte, MaxSize+1), ErrTooLarge.Error()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadXLSForm(bytes.NewReader(c.data), "survey.xlsx")
			if err == nil || err.Error() != c.want {
				t.Fatalf("error = %v\n want %s", err, c.want)
			}
		})
	}
}

func TestReadXLSFormOK(t *testing.T) {
	cases := []struct {
		name  string
		file  string
		edit  func(w workbook)
		check func(t *testing.T, d *model.Definition)
	}{
		{"OK", "survey.xlsx", func(workbook) {}, func(t *testing.T, d *model.Definition) {
			if want := sampleWorkbookDefinition(); !reflect.DeepEqual(d, want) {
				t.Fatalf("got  %#v\nwant %#v", d, want)
			}
		}},
		{"OKSlugFromFileName", "uploads/Needs Survey (2025).XLSX", func(w workbook) { delete(w, "settings") }, func(t *testing.T, d *model.Definition) {
			if d.Slug != "needs-survey-2025" || !reflect.DeepEqual(d.Title, model.Text{"en": "needs-survey-2025"}) {
				t.Fatalf("slug %q, title %v", d.Slug, d.Title)
			}
		}},
		{"OKSpanishFirst", "s.xlsx", func(w workbook) {
			w.set("survey", 1, 3, "label::Français (fr)")
			w.set("survey", 1, 5, "hint::Français (fr)")
			w.set("choices", 1, 3, "label::Français (fr)")
			w.set("settings", 2, 3, "es")
		}, func(t *testing.T, d *model.Definition) {
			if !reflect.DeepEqual(d.Languages, []string{"es", "fr"}) || d.Title["es"] != "Survivor engagement 2025" {
				t.Fatalf("languages %v, title %v", d.Languages, d.Title)
			}
		}},
		{"OKBareLabel", "s.xlsx", func(w workbook) {
			w.set("survey", 1, 4, "label::English (en)")
			w.set("survey", 1, 3, "label")
			w.set("survey", 1, 5, "hint")
			w.set("survey", 1, 6, "hint::English (en)")
			w.set("choices", 1, 3, "label")
			w.set("choices", 1, 4, "label::English (en)")
			w.set("settings", 2, 3, "Español (es)")
		}, func(t *testing.T, d *model.Definition) {
			q := d.Sections[0].Questions[1]
			if !reflect.DeepEqual(d.Languages, []string{"es", "en"}) || q.Text["es"] != "Where do you live now?" || q.Choices[0].Label["en"] != "Las Américas" {
				t.Fatalf("languages %v, question %v", d.Languages, q)
			}
		}},
		{"OKFirstLanguageDefault", "ru-survey.xlsx", func(w workbook) {
			for _, s := range []string{"survey", "choices"} {
				w[s][0][2] = "label::Russian (ru)"
			}
			w["survey"][0][4] = "hint::Russian (ru)"
			delete(w, "settings")
		}, func(t *testing.T, d *model.Definition) {
			if !reflect.DeepEqual(d.Languages, []string{"ru", "es"}) || !reflect.DeepEqual(d.Title, model.Text{"ru": "ru-survey"}) {
				t.Fatalf("languages %v, title %v", d.Languages, d.Title)
			}
		}},
		{"OKBlankRowsAndColumns", "survey.xlsx", func(w workbook) {
			w.insert("survey", 3, "  ", "", "\t")
			w.set("survey", 1, 11, "constraint") // no values: ignored
			w.insert("choices", 1)
		}, func(t *testing.T, d *model.Definition) {
			if len(d.Questions()) != 8 {
				t.Fatalf("%d questions", len(d.Questions()))
			}
		}},
		{"OKRequiredSpellings", "survey.xlsx", func(w workbook) {
			w.set("survey", 4, 8, "TRUE")
			w.set("survey", 6, 8, "1")
			w.set("survey", 3, 8, "No")
		}, func(t *testing.T, d *model.Definition) {
			var got []bool
			for _, q := range d.Questions()[:4] {
				got = append(got, q.Required)
			}
			if !reflect.DeepEqual(got, []bool{false, false, true, true}) {
				t.Fatalf("required = %v", got)
			}
		}},
		{"OKImplicitSectionNames", "survey.xlsx", func(w workbook) { w.set("survey", 2, 2, "s1") }, func(t *testing.T, d *model.Definition) {
			if got := []string{d.Sections[0].ID, d.Sections[2].ID}; !reflect.DeepEqual(got, []string{"s2", "s3"}) {
				t.Fatalf("sections %v", got)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := sampleWorkbook().clone()
			c.edit(w)
			d, err := ReadXLSForm(bytes.NewReader(w.xlsx(t)), c.file)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, d)
			checkReadBack(t, d)
		})
	}
}

// An XLSForm reads into a definition whose JSON export reads back the same.
func TestXLSFormThroughJSON(t *testing.T) {
	d, err := ReadXLSForm(bytes.NewReader(sampleWorkbook().xlsx(t)), "survey.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	back, err := Read("survey.json", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) || !strings.Contains(b.String(), `"type": "scale"`) {
		t.Fatalf("round trip differs:\n%s", b.String())
	}
}
