package surveyfile

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// CellError is a problem at a place in an XLSForm workbook.
type CellError struct {
	Sheet  string // "survey", "choices", "settings", or another sheet's name
	Row    int    // 1-based, as the spreadsheet numbers it; 0 for the whole sheet
	Column string // the column's field ("relevant"), its header or letter; "" for the whole row
	Msg    string
}

// Error reads like "survey sheet, row 7, column relevant: unsupported
// expression ...".
func (e *CellError) Error() string {
	where := e.Sheet + " sheet"
	if e.Row > 0 {
		where += fmt.Sprintf(", row %d", e.Row)
	}
	if e.Column != "" {
		where += ", column " + e.Column
	}
	return where + ": " + e.Msg
}

// Limits on a workbook, well above any real survey.
const (
	maxRows     = 10000
	maxColumns  = 200
	maxUnzipped = 64 << 20
)

// sheetRow is one non-empty row of a sheet.
type sheetRow struct {
	num   int      // 1-based
	cells []string // trimmed, without trailing empty cells
}

// readWorkbook reads the rows of the survey, choices and settings sheets,
// by lower-case sheet name. Any other sheet must be empty.
func readWorkbook(data []byte) (sheets map[string][]sheetRow, err error) {
	defer func() {
		// excelize is a large parser of untrusted bytes: should it panic,
		// the upload is refused rather than the server brought down.
		if p := recover(); p != nil {
			sheets, err = nil, fmt.Errorf("not a readable XLSForm workbook: %v", p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		return nil, fmt.Errorf("not an XLSForm workbook: %v", err)
	}
	defer f.Close()
	sheets = map[string][]sheetRow{}
	for _, name := range f.GetSheetList() {
		key := strings.ToLower(strings.TrimSpace(name))
		known := key == "survey" || key == "choices" || key == "settings"
		if !known {
			key = name
		}
		if _, dup := sheets[key]; dup {
			return nil, &CellError{Sheet: name, Msg: "a second sheet of this name"}
		}
		rows, err := readSheet(f, name, key)
		switch {
		case err != nil:
			return nil, err
		case !known && len(rows) > 0:
			return nil, &CellError{Sheet: name, Row: rows[0].num, Msg: "unsupported sheet: only survey, choices and settings are read"}
		}
		sheets[key] = rows
	}
	return sheets, nil
}

// readSheet reads the non-empty rows of a sheet; display names it in errors.
func readSheet(f *excelize.File, name, display string) ([]sheetRow, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, &CellError{Sheet: display, Msg: err.Error()}
	}
	defer rows.Close()
	var out []sheetRow
	for num := 1; rows.Next(); num++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &CellError{Sheet: display, Row: num, Msg: err.Error()}
		}
		if cells = trimCells(cells); len(cells) == 0 {
			continue
		}
		if num > maxRows {
			return nil, &CellError{Sheet: display, Row: num, Msg: fmt.Sprintf("more than %d rows", maxRows)}
		}
		if len(cells) > maxColumns {
			return nil, &CellError{Sheet: display, Row: num, Column: columnLetter(len(cells) - 1), Msg: fmt.Sprintf("more than %d columns", maxColumns)}
		}
		out = append(out, sheetRow{num: num, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, &CellError{Sheet: display, Msg: err.Error()}
	}
	return out, nil
}

func trimCells(cells []string) []string {
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func columnLetter(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}
