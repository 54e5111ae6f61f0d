// Package surveyfile reads and writes survey definitions as files: the
// platform's own JSON/YAML format and the common subset of XLSForm
// (ARCHITECTURE.md §4, docs/survey-format.md). Every reader returns a whole
// definition that passes model.Definition.Validate, or an error; nothing is
// half-imported.
package surveyfile

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// Format is the marker every JSON or YAML survey file starts with.
const Format = "survivor-voice/survey@1"

// MaxSize is the largest survey file read, in bytes (after YAML anchors are
// expanded, for YAML).
const MaxSize = 2 << 20

// ErrTooLarge is returned for a file over MaxSize.
var ErrTooLarge = errors.New("survey file is larger than 2 MiB")

// Languages returns the languages a survey may be written in: the shipped
// UI languages (ARCHITECTURE.md §4).
func Languages() []string { return []string{"en", "es", "fr", "pt", "ar", "ru", "zh"} }

// shipped reports whether lang is one of Languages.
func shipped(lang string) bool { return slices.Contains(Languages(), lang) }

// Read reads a survey file, choosing the format by the extension of name:
// .json, .yaml or .yml, .xlsx (XLSForm).
func Read(name string, data []byte) (*model.Definition, error) {
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".json":
		return decodeJSON(data, true)
	case ".yaml", ".yml":
		return decodeYAML(data)
	case ".xlsx":
		return readXLSForm(data, name)
	default:
		return nil, fmt.Errorf("unsupported file type %q: want .json, .yaml, .yml or .xlsx", ext)
	}
}

// readAll reads r up to MaxSize.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// ImportError lists what model.Definition.Validate found wrong in a file.
type ImportError struct {
	Problems []model.Problem
}

// Error renders every problem in English, e.g.
// "sections[0].questions[1].choices: SurveyTooFewChoices".
func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = describe(p)
	}
	return strings.Join(lines, "; ")
}

func describe(p model.Problem) string {
	var b strings.Builder
	b.WriteString(p.Where + ": " + p.Key)
	keys := make([]string, 0, len(p.Data))
	for k := range p.Data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if s, ok := p.Data[k].(string); ok {
			fmt.Fprintf(&b, " %s=%q", k, s)
		} else {
			fmt.Fprintf(&b, " %s=%v", k, p.Data[k])
		}
	}
	return b.String()
}

// validate runs the model's checks; locate, when not nil, rewrites each
// problem's Where to a place in the file.
func validate(d *model.Definition, locate func(string) string) error {
	ps := d.Validate(shipped)
	if len(ps) == 0 {
		return nil
	}
	if locate != nil {
		for i := range ps {
			ps[i].Where = locate(ps[i].Where)
		}
	}
	return &ImportError{Problems: ps}
}
