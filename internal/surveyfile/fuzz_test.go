package surveyfile

import (
	"bytes"
	"testing"
)

// Every reader either refuses its input or returns a definition that
// passes Validate and reads back the same from its JSON export.

func FuzzReadJSON(f *testing.F) {
	f.Add(sampleJSON(f))
	f.Add([]byte(`{"format": "survivor-voice/survey@1", "slug": "ab", "languages": ["en"], "title": {}, "purpose": null,
		"sections": [{"id": "s", "title": {}, "warning": {}, "show_if": [], "questions": [
		{"id": "q", "type": "number", "text": {"en": "Q"}, "min": -0, "max": 1e3, "hint": {}, "choices": []},
		{"id": "r", "type": "short_text", "text": {"en": "R"}, "show_if": [{"question": "q", "op": "greater", "values": ["1"]}]}]}]}`))
	f.Add([]byte(`{"format": "survivor-voice/survey@1", "sections": [{"questions": [{"choices": [{"value": 1}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, err := ReadJSON(bytes.NewReader(data)); err == nil {
			checkReadBack(t, d)
		}
	})
}

func FuzzReadYAML(f *testing.F) {
	f.Add(sampleYAML(f))
	f.Add([]byte(smallYAML))
	f.Add([]byte("format: survivor-voice/survey@1\na: &a [x, x]\nb: [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, err := ReadYAML(bytes.NewReader(data)); err == nil {
			checkReadBack(t, d)
		}
	})
}

// FuzzReadXLSForm feeds whole files: mostly a test of the workbook reader.
func FuzzReadXLSForm(f *testing.F) {
	f.Add(sampleWorkbook().xlsx(f))
	small := workbook{"survey": {{"type", "name", "label"}, {"text", "q", "Q"}}}
	f.Add(small.xlsx(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, err := ReadXLSForm(bytes.NewReader(data), "fuzz.xlsx"); err == nil {
			checkReadBack(t, d)
		}
	})
}

// FuzzReadXLSFormSheets feeds the cells of a workbook (see workbook.grid)
// past the workbook reader, which reaches the survey, choices and settings
// logic far more often, and faster, than mutated zip files do.
func FuzzReadXLSFormSheets(f *testing.F) {
	f.Add(sampleWorkbook().grid())
	f.Add("#survey\ntype|name|label|relevant\ninteger|n|N\nbegin group|g|G|${n} > 2\nselect_one l|q|Q|${n} != ''\nend group\n" +
		"#choices\nlist_name|name|label\nl|a|A\nl|b|B\n#settings\nform_id\nab\n")
	f.Fuzz(func(t *testing.T, grid string) {
		sheets := map[string][]sheetRow{}
		for name, rows := range parseGrid(grid) {
			for i, cells := range rows {
				if cells = trimCells(cells); len(cells) > 0 {
					sheets[name] = append(sheets[name], sheetRow{num: i + 1, cells: cells})
				}
			}
		}
		if d, err := fromSheets(sheets, "fuzz.xlsx"); err == nil {
			checkReadBack(t, d)
		}
	})
}
