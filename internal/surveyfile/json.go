package surveyfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// file is the JSON and YAML form: the format marker, then the definition's
// own fields.
type file struct {
	Format string `json:"format"`
	model.Definition
}

// ReadJSON reads a survey in the JSON format. Unknown fields are refused.
func ReadJSON(r io.Reader) (*model.Definition, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return decodeJSON(data, true)
}

// WriteJSON writes d in the JSON format, indented, fields in a fixed order
// and texts sorted by language, so that exports diff well.
func WriteJSON(w io.Writer, d *model.Definition) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(file{Format: Format, Definition: *d})
}

// decodeJSON decodes one JSON object strictly and validates it. lines tells
// whether byte offsets in data mean something to the author (not for JSON
// converted from YAML).
func decodeJSON(data []byte, lines bool) (*model.Definition, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(err, data, lines)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the survey")
	}
	switch f.Format {
	case Format:
	case "":
		return nil, fmt.Errorf("missing format marker: the file must start with \"format\": %q", Format)
	default:
		return nil, fmt.Errorf("unsupported format %q: want %q", f.Format, Format)
	}
	d := &f.Definition
	normalize(d)
	if err := validate(d, nil); err != nil {
		return nil, err
	}
	return d, nil
}

// jsonError rewrites a decoding error for a survey author: where, and what
// was expected in plain words.
func jsonError(err error, data []byte, lines bool) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := strings.TrimPrefix(err.Error(), "json: ")
	offset := int64(-1)
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("empty file")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("unexpected end of file")
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
		field := strings.TrimPrefix(strings.TrimPrefix(typ.Field, "Definition"), ".")
		if field == "" {
			field = "the file"
		}
		msg = fmt.Sprintf("%s: want %s, not %s", field, kindName(typ.Type), typ.Value)
	case strings.HasPrefix(msg, "unknown field "):
		offset = keyOffset(data, strings.TrimPrefix(msg, "unknown field "))
	}
	if !lines || offset < 0 {
		return errors.New(msg)
	}
	return fmt.Errorf("line %d: %s", 1+bytes.Count(data[:min(offset, int64(len(data)))], []byte("\n")), msg)
}

// keyOffset finds where the key quoted (as Go quotes it) is, when it is a
// key only once in data; the decoder does not say where an unknown field
// was, and a guess among several would mislead.
func keyOffset(data []byte, quoted string) int64 {
	re, err := regexp.Compile(regexp.QuoteMeta(quoted) + `\s*:`)
	if err != nil {
		return -1
	}
	if found := re.FindAllIndex(data, 2); len(found) == 1 {
		return int64(found[0][0])
	}
	return -1
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64, reflect.Pointer:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Map:
		return "texts by language"
	case reflect.Slice:
		return "a list"
	default:
		return "an object"
	}
}

// normalize drops empty optional parts, which JSON omits, so that a
// definition read from a file is the one read back from its export.
func normalize(d *model.Definition) {
	d.Audience = textOrNil(d.Audience)
	for i := range d.Sections {
		s := &d.Sections[i]
		s.Warning = textOrNil(s.Warning)
		s.ShowIf = conditionsOrNil(s.ShowIf)
		for j := range s.Questions {
			q := &s.Questions[j]
			q.Hint = textOrNil(q.Hint)
			q.ShowIf = conditionsOrNil(q.ShowIf)
			if len(q.Choices) == 0 {
				q.Choices = nil
			}
		}
	}
}

func textOrNil(t model.Text) model.Text {
	if len(t) == 0 {
		return nil
	}
	return t
}

func conditionsOrNil(cs []model.Condition) []model.Condition {
	if len(cs) == 0 {
		return nil
	}
	for i := range cs {
		if len(cs[i].Values) == 0 {
			cs[i].Values = nil
		}
	}
	return cs
}
