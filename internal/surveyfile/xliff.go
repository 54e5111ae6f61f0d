package surveyfile

// XLIFF 2.0 (OASIS, https://docs.oasis-open.org/xliff/xliff-core/v2.0/) export
// and import of a survey's texts, so translators can work in their own tools.
//
// One file holds one survey and one language pair. Every translatable text of
// the definition (model.Definition.Texts) that has a source text becomes one
// <unit> whose id is the text's stable unit id; the unit has one <segment>
// with the source text and, when there is one, the current translation.
// Import is all or nothing: every problem in the file is reported together
// and the definition is changed only when there is none.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/survivorvoice/voice/internal/model"
)

const (
	xliffNS       = "urn:oasis:names:tc:xliff:document:2.0"
	xmlNS         = "http://www.w3.org/XML/1998/namespace"
	xliffFilePref = "survey-"

	// MaxXLIFFSize is the largest XLIFF file ImportXLIFF reads (5 MiB).
	MaxXLIFFSize = 5 << 20
)

// ErrXLIFFTooLarge is returned by ImportXLIFF for a file over
// MaxXLIFFSize, so a handler can answer 413.
var ErrXLIFFTooLarge = errors.New("the XLIFF file is larger than 5 MiB")

// xliffLanguages are the languages a survey can be translated into: the
// shipped UI languages (internal/i18n).
var xliffLanguages = []string{"en", "es", "fr", "pt", "ar", "ru", "zh"}

// xliffMaxProblems is how many problems ImportXLIFF lists at most.
const xliffMaxProblems = 100

// xliffRTL are the right-to-left languages among xliffLanguages.
var xliffRTL = []string{"ar"}

// ---- export ----

type xliffOutDoc struct {
	XMLName xml.Name     `xml:"urn:oasis:names:tc:xliff:document:2.0 xliff"`
	Version string       `xml:"version,attr"`
	SrcLang string       `xml:"srcLang,attr"`
	TrgLang string       `xml:"trgLang,attr"`
	File    xliffOutFile `xml:"file"`
}

type xliffOutFile struct {
	ID           string         `xml:"id,attr"`
	CanResegment string         `xml:"canResegment,attr"`
	SrcDir       string         `xml:"srcDir,attr,omitempty"`
	TrgDir       string         `xml:"trgDir,attr,omitempty"`
	Space        string         `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
	Units        []xliffOutUnit `xml:"unit"`
}

type xliffOutUnit struct {
	ID      string          `xml:"id,attr"`
	Notes   []xliffOutNote  `xml:"notes>note"`
	Segment xliffOutSegment `xml:"segment"`
}

type xliffOutNote struct {
	Category string `xml:"category,attr"`
	Text     string `xml:",chardata"`
}

type xliffOutSegment struct {
	State  string  `xml:"state,attr,omitempty"`
	Source string  `xml:"source"`
	Target *string `xml:"target,omitempty"`
}

// ExportXLIFF writes the texts of d as an XLIFF 2.0 file for translating from
// source (one of d.Languages) into target (a supported language). Texts with
// no source text (unused optional texts) are left out; a text that already
// has a translation carries it as <target> with state="translated".
func ExportXLIFF(w io.Writer, d *model.Definition, source, target string) error {
	switch {
	case !slices.Contains(d.Languages, source):
		return fmt.Errorf("source language %q is not a language of survey %q", source, d.Slug)
	case !slices.Contains(xliffLanguages, target):
		return fmt.Errorf("target language %q is not supported (%s)", target, strings.Join(xliffLanguages, " "))
	case source == target:
		return fmt.Errorf("source and target language are both %q", source)
	}
	doc := xliffOutDoc{
		Version: "2.0",
		SrcLang: source,
		TrgLang: target,
		File: xliffOutFile{
			ID:           xliffFilePref + d.Slug,
			CanResegment: "no", // one unit is one text: keep it one segment
			SrcDir:       xliffDir(source),
			TrgDir:       xliffDir(target),
			Space:        "preserve", // line breaks in purposes and notes matter
		},
	}
	d.Texts(func(id string, t model.Text, _ bool) {
		src := t[source]
		if strings.TrimSpace(src) == "" {
			return
		}
		u := xliffOutUnit{
			ID:      id,
			Notes:   []xliffOutNote{{Category: "location", Text: xliffLocation(id)}},
			Segment: xliffOutSegment{Source: src},
		}
		if trg := t[target]; strings.TrimSpace(trg) != "" {
			u.Segment.State = "translated"
			u.Segment.Target = &trg
		}
		doc.File.Units = append(doc.File.Units, u)
	})
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func xliffDir(lang string) string {
	if slices.Contains(xliffRTL, lang) {
		return "rtl"
	}
	return "" // the default, "auto"
}

// xliffLocation is a human hint for a unit id, shown to translators: where
// in the survey the text appears.
func xliffLocation(id string) string {
	p := strings.SplitN(id, ".", 4)
	switch {
	case id == "title":
		return "Survey title"
	case id == "purpose":
		return "Survey purpose (why we ask), on the introduction page"
	case id == "audience":
		return "Who will read the answers, on the introduction page"
	case len(p) == 3 && p[0] == "section" && p[2] == "title":
		return fmt.Sprintf("Section %s, title", p[1])
	case len(p) == 3 && p[0] == "section" && p[2] == "warning":
		return fmt.Sprintf("Section %s, content warning shown before its questions", p[1])
	case len(p) == 3 && p[0] == "question" && p[2] == "text":
		return fmt.Sprintf("Question %s, text", p[1])
	case len(p) == 3 && p[0] == "question" && p[2] == "hint":
		return fmt.Sprintf("Question %s, hint", p[1])
	case len(p) == 4 && p[0] == "question" && p[2] == "choice":
		return fmt.Sprintf("Question %s, choice %s", p[1], p[3])
	}
	return id
}

// ---- import ----

type xliffInDoc struct {
	XMLName xml.Name
	Version string        `xml:"version,attr"`
	SrcLang string        `xml:"srcLang,attr"`
	TrgLang string        `xml:"trgLang,attr"`
	Files   []xliffInFile `xml:"urn:oasis:names:tc:xliff:document:2.0 file"`
}

// xliffInFile is a <file> or a <group>: units may be grouped.
type xliffInFile struct {
	ID     string        `xml:"id,attr"`
	Units  []xliffInUnit `xml:"urn:oasis:names:tc:xliff:document:2.0 unit"`
	Groups []xliffInFile `xml:"urn:oasis:names:tc:xliff:document:2.0 group"`
}

type xliffInUnit struct {
	ID string `xml:"id,attr"`
	// Parts are the unit's children in order; only <segment> and <ignorable>
	// count. Their contents joined are the unit's source and target.
	Parts []xliffInPart `xml:",any"`
}

type xliffInPart struct {
	XMLName xml.Name
	Source  *xliffInText `xml:"urn:oasis:names:tc:xliff:document:2.0 source"`
	Target  *xliffInText `xml:"urn:oasis:names:tc:xliff:document:2.0 target"`
}

// xliffInText is the plain text of a <source> or <target>. Inline markup
// (<ph>, <pc>, …) is not supported: survey texts are plain.
type xliffInText struct {
	Text   string
	Inline bool
}

func (t *xliffInText) UnmarshalXML(d *xml.Decoder, _ xml.StartElement) error {
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.CharData:
			b.Write(tok)
		case xml.StartElement:
			t.Inline = true
			if err := d.Skip(); err != nil {
				return err
			}
		case xml.EndElement:
			t.Text = b.String()
			return nil
		}
	}
}

// xliffUnit is one unit of the file, flattened.
type xliffUnit struct {
	id, source, target string
	inline             bool
}

func (u *xliffInUnit) flatten() xliffUnit {
	var src, trg strings.Builder
	out := xliffUnit{id: u.ID}
	for _, p := range u.Parts {
		if p.XMLName.Space != xliffNS || (p.XMLName.Local != "segment" && p.XMLName.Local != "ignorable") {
			continue // notes, originalData, extensions
		}
		if p.Source != nil {
			src.WriteString(p.Source.Text)
			out.inline = out.inline || p.Source.Inline
		}
		if p.Target != nil {
			trg.WriteString(p.Target.Text)
			out.inline = out.inline || p.Target.Inline
		} else if p.XMLName.Local == "ignorable" && p.Source != nil {
			// An ignorable without target stands for itself in the target.
			trg.WriteString(p.Source.Text)
		}
	}
	out.source, out.target = src.String(), trg.String()
	return out
}

func (f *xliffInFile) units(into []xliffUnit) []xliffUnit {
	for i := range f.Units {
		into = append(into, f.Units[i].flatten())
	}
	for i := range f.Groups {
		into = f.Groups[i].units(into)
	}
	return into
}

// ImportXLIFF reads an XLIFF 2.0 file made by ExportXLIFF for survey d (and
// filled in by a translator) and sets every translation into d's texts in
// the file's target language, which is added to d.Languages if new. It
// returns the target language and the number of texts set.
//
// The file must be for this survey (file id "survey-SLUG"), from one of the
// survey's languages into a supported one, have one unit for every text that
// has a source text (optional ones may be left out), no unknown or duplicate
// unit, the current source text in every unit (else it was exported before
// the survey changed) and a translation for every required text. Every
// problem found is returned together (errors.Join); d is changed only when
// there is none.
func ImportXLIFF(r io.Reader, d *model.Definition) (lang string, n int, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxXLIFFSize+1))
	if err != nil {
		return "", 0, fmt.Errorf("reading the XLIFF file: %w", err)
	}
	if len(data) > MaxXLIFFSize {
		return "", 0, ErrXLIFFTooLarge
	}
	doc, err := xliffParse(data)
	if err != nil {
		return "", 0, err
	}

	// The file as a whole: when it is for another survey or language, its
	// units are not worth checking.
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	file := &doc.Files[0]
	if want := xliffFilePref + d.Slug; file.ID != want {
		fail("the file is for %q, not for this survey (%q)", file.ID, want)
	}
	if !slices.Contains(d.Languages, doc.SrcLang) {
		fail("source language (srcLang) %q is not a language of this survey (%s)", doc.SrcLang, strings.Join(d.Languages, " "))
	}
	switch {
	case doc.TrgLang == "":
		fail("the file has no target language (trgLang)")
	case !slices.Contains(xliffLanguages, doc.TrgLang):
		fail("target language (trgLang) %q is not supported (%s)", doc.TrgLang, strings.Join(xliffLanguages, " "))
	case doc.TrgLang == doc.SrcLang:
		fail("source and target language are both %q", doc.SrcLang)
	}
	if len(errs) > 0 {
		return "", 0, errors.Join(errs...)
	}
	src, trg := doc.SrcLang, doc.TrgLang

	// The texts the file must and may hold, by unit id.
	type want struct {
		source   string
		required bool
	}
	texts := map[string]*want{}
	var order []string
	d.Texts(func(id string, t model.Text, required bool) {
		if _, dup := texts[id]; dup {
			return
		}
		texts[id] = &want{source: t[src], required: required}
		order = append(order, id)
	})

	set := map[string]string{} // unit id → translation, applied at the end
	seen, dup := map[string]bool{}, map[string]bool{}
	for _, u := range file.units(nil) {
		w := texts[u.id]
		switch {
		case u.id == "":
			fail("a unit has no id")
			continue
		case seen[u.id]:
			if !dup[u.id] {
				fail("unit %q: appears more than once", u.id)
			}
			dup[u.id] = true
			continue
		}
		seen[u.id] = true
		if w == nil {
			fail("unit %q: no such text in this survey", u.id)
			continue
		}
		switch {
		case strings.TrimSpace(w.source) == "" || u.source != xliffClean(w.source):
			fail("unit %q: the source text changed since export; export again", u.id)
		case u.inline:
			fail("unit %q: inline markup (tags inside the text) is not supported; use plain text", u.id)
		case strings.TrimSpace(u.target) != "":
			set[u.id] = u.target
		case w.required:
			fail("unit %q: the translation is empty", u.id)
		}
	}
	for _, id := range order {
		if w := texts[id]; w.required && !seen[id] && strings.TrimSpace(w.source) != "" {
			fail("missing unit %q", id)
		}
	}
	if len(errs) > xliffMaxProblems {
		more := len(errs) - xliffMaxProblems
		errs = append(errs[:xliffMaxProblems], fmt.Errorf("… and %d more problems", more))
	}
	if len(errs) > 0 {
		return "", 0, errors.Join(errs...)
	}

	// Nothing can fail from here on: apply. Every text in set has a source
	// text, so its map exists.
	d.Texts(func(id string, t model.Text, _ bool) {
		if s, ok := set[id]; ok && t != nil {
			t[trg] = s
		}
	})
	if !slices.Contains(d.Languages, trg) {
		d.Languages = append(d.Languages, trg)
	}
	return trg, len(set), nil
}

// xliffParse decodes an XLIFF 2.0 document with exactly one <file>.
func xliffParse(data []byte) (*xliffInDoc, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a byte order mark, as some editors write
	dec := xml.NewDecoder(bytes.NewReader(data))
	var doc xliffInDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a well-formed XML file: %w", err)
	}
	for { // nothing but comments and space may follow the root element
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not a well-formed XML file: %w", err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			return nil, errors.New("not a well-formed XML file: more than one root element")
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			return nil, errors.New("not a well-formed XML file: text after the root element")
		}
	}
	switch {
	case doc.XMLName.Space != xliffNS || doc.XMLName.Local != "xliff":
		return nil, fmt.Errorf("not an XLIFF 2.0 file (root element <%s> in namespace %q)", doc.XMLName.Local, doc.XMLName.Space)
	case doc.Version != "2.0" && doc.Version != "2.1": // 2.1 has the same core
		return nil, fmt.Errorf("XLIFF version %q is not supported; use XLIFF 2.0", doc.Version)
	case len(doc.Files) != 1:
		return nil, fmt.Errorf("the file holds %d <file> elements; want exactly one survey", len(doc.Files))
	}
	return &doc, nil
}

// xliffClean is s as encoding/xml writes it: characters XML cannot hold are
// replaced by U+FFFD. A source text is compared in this form.
func xliffClean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' ||
			r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return utf8.RuneError
	}, s)
}
