package surveyfile

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

// xliffTestDef is a small survey in English and Arabic: two sections, a
// content warning, a single-choice question with a hint, a long text and a
// note. Texts hold XML special characters on purpose.
func xliffTestDef() *model.Definition {
	return &model.Definition{
		Slug:      "work-conditions",
		Languages: []string{"en", "ar"},
		Title:     model.Text{"en": "Work & living conditions", "ar": "ظروف العمل والمعيشة"},
		Purpose:   model.Text{"en": "We ask so that <services> can improve.\nYour answers are anonymous.", "ar": "نسأل لكي تتحسن الخدمات.\nإجاباتك مجهولة."},
		Sections: []model.Section{
			{
				ID:      "s1",
				Title:   model.Text{"en": "About your work", "ar": "عن عملك"},
				Warning: model.Text{"en": "The next questions are about \"debt\" & threats.", "ar": "الأسئلة التالية عن \"الديون\" والتهديدات."},
				Questions: []model.Question{
					{
						ID: "q1", Type: model.SingleChoice, Required: true,
						Text: model.Text{"en": "Could you keep your 'documents'?", "ar": "هل استطعت الاحتفاظ بوثائقك؟"},
						Hint: model.Text{"en": "Passport, ID card, <visa>…", "ar": "جواز السفر، بطاقة الهوية، التأشيرة…"},
						Choices: []model.Choice{
							{Value: "yes", Label: model.Text{"en": "Yes", "ar": "نعم"}},
							{Value: "no", Label: model.Text{"en": "No", "ar": "لا"}},
							{Value: "unsure", Label: model.Text{"en": "I'm not sure", "ar": "لست متأكدًا"}},
						},
					},
					{
						ID: "q2", Type: model.LongText,
						Text: model.Text{"en": "What would have helped you?", "ar": "ما الذي كان سيساعدك؟"},
					},
				},
			},
			{
				ID:    "s2",
				Title: model.Text{"en": "Thank you", "ar": "شكرًا لك"},
				Questions: []model.Question{
					{ID: "q3", Type: model.Note, Text: model.Text{"en": "Support is available at any time: 1 < 2 && 3 > 2.", "ar": "الدعم متاح في أي وقت."}},
				},
			},
		},
	}
}

// xliffTestUnits are the unit ids the test survey exports, in order.
var xliffTestUnits = []string{
	"title", "purpose",
	"section.s1.title", "section.s1.warning",
	"question.q1.text", "question.q1.hint",
	"question.q1.choice.yes", "question.q1.choice.no", "question.q1.choice.unsure",
	"question.q2.text",
	"section.s2.title", "question.q3.text",
}

func xliffTestClone(t testing.TB, d *model.Definition) *model.Definition {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var c model.Definition
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// xliffTestSpanish sets a Spanish text, made from the English one, on every
// text that has an English source.
func xliffTestSpanish(d *model.Definition) {
	d.Texts(func(id string, t model.Text, _ bool) {
		if t["en"] != "" {
			t["es"] = "ES[" + t["en"] + "]"
		}
	})
}

func xliffTestExport(t testing.TB, d *model.Definition, src, trg string) string {
	t.Helper()
	var b bytes.Buffer
	if err := ExportXLIFF(&b, d, src, trg); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// xliffTestTranslated is the test survey exported en→es with every target
// filled in.
func xliffTestTranslated(t testing.TB) string {
	t.Helper()
	d := xliffTestDef()
	xliffTestSpanish(d)
	return xliffTestExport(t, d, "en", "es")
}

func TestExportXLIFF(t *testing.T) {
	d := xliffTestDef()
	out := xliffTestExport(t, d, "en", "es")

	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	for _, want := range []string{
		`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">`,
		`<file id="survey-work-conditions"`,
		`<note category="location">Question q1, choice unsure</note>`,
		`<note category="location">Section s1, content warning shown before its questions</note>`,
		`<source>Work &amp; living conditions</source>`,
		`&lt;services&gt;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<target") || strings.Contains(out, "state=") {
		t.Errorf("targets exported though there is no Spanish:\n%s", out)
	}
	// audience is empty and q2 has no hint: no unit.
	ids := regexp.MustCompile(`<unit id="([^"]*)">`).FindAllStringSubmatch(out, -1)
	var got []string
	for _, m := range ids {
		got = append(got, m[1])
	}
	if !reflect.DeepEqual(got, xliffTestUnits) {
		t.Errorf("units = %q\nwant %q", got, xliffTestUnits)
	}
	// Well-formed, and the texts come back exactly.
	var doc xliffInDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, u := range doc.Files[0].units(nil) {
		var want string
		d.Texts(func(id string, t model.Text, _ bool) {
			if id == u.id {
				want = t["en"]
			}
		})
		if u.source != want {
			t.Errorf("unit %s: source %q, want %q", u.id, u.source, want)
		}
	}

	t.Run("Arabic", func(t *testing.T) {
		out := xliffTestExport(t, d, "en", "ar")
		for _, want := range []string{
			`trgDir="rtl"`,
			`<segment state="translated">`,
			`<target>ظروف العمل والمعيشة</target>`, // UTF-8, not character references
			`<target>الأسئلة التالية عن &#34;الديون&#34; والتهديدات.</target>`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %s:\n%s", want, out)
			}
		}
		if strings.Contains(out, "srcDir") {
			t.Error("srcDir set for English")
		}
	})

	t.Run("Errors", func(t *testing.T) {
		for _, c := range []struct{ src, trg string }{{"es", "fr"}, {"en", "de"}, {"en", "en"}, {"en", ""}} {
			if err := ExportXLIFF(&bytes.Buffer{}, d, c.src, c.trg); err == nil {
				t.Errorf("ExportXLIFF(%s→%s): no error", c.src, c.trg)
			}
		}
	})
}

func TestImportXLIFFRoundTrip(t *testing.T) {
	// The translator's copy: exported with no target, filled in by a tool.
	d := xliffTestDef()
	blank := xliffTestExport(t, d, "en", "es")
	filled := xliffTestFill(t, blank, func(id, src string) string { return "ES[" + src + "]" })

	lang, n, err := ImportXLIFF(strings.NewReader(filled), d)
	if err != nil {
		t.Fatal(err)
	}
	if lang != "es" || n != len(xliffTestUnits) {
		t.Errorf("ImportXLIFF = %q, %d; want es, %d", lang, n, len(xliffTestUnits))
	}
	want := xliffTestDef()
	xliffTestSpanish(want)
	want.Languages = append(want.Languages, "es")
	if !reflect.DeepEqual(d, want) {
		t.Errorf("after import:\n%+v\nwant\n%+v", d, want)
	}
	if !d.Complete("es") {
		t.Error("Spanish not complete after import")
	}

	// Exported again, the translations come back as targets and import
	// again to the same texts.
	again := xliffTestExport(t, d, "en", "es")
	if got := strings.Count(again, `<segment state="translated">`); got != len(xliffTestUnits) {
		t.Errorf("%d translated segments, want %d", got, len(xliffTestUnits))
	}
	if lang, n, err := ImportXLIFF(strings.NewReader(again), d); err != nil || lang != "es" || n != len(xliffTestUnits) {
		t.Errorf("second import = %q, %d, %v", lang, n, err)
	}
	if !reflect.DeepEqual(d, want) || len(d.Languages) != 3 {
		t.Errorf("second import changed the survey: %+v", d)
	}
}

// xliffTestFill gives every unit of an exported file a target, as a
// translation tool does, by decoding and rewriting the token stream.
func xliffTestFill(t testing.TB, file string, translate func(id, src string) string) string {
	t.Helper()
	var doc xliffOutDoc
	in := xml.NewDecoder(strings.NewReader(file))
	var raw struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		SrcLang string `xml:"srcLang,attr"`
		TrgLang string `xml:"trgLang,attr"`
		File    struct {
			ID    string `xml:"id,attr"`
			Units []struct {
				ID      string `xml:"id,attr"`
				Segment struct {
					Source string `xml:"source"`
				} `xml:"segment"`
			} `xml:"unit"`
		} `xml:"file"`
	}
	if err := in.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	doc.Version, doc.SrcLang, doc.TrgLang = raw.Version, raw.SrcLang, raw.TrgLang
	doc.File = xliffOutFile{ID: raw.File.ID, CanResegment: "no", Space: "preserve"}
	for _, u := range raw.File.Units {
		trg := translate(u.ID, u.Segment.Source)
		doc.File.Units = append(doc.File.Units, xliffOutUnit{
			ID:      u.ID,
			Segment: xliffOutSegment{State: "translated", Source: u.Segment.Source, Target: &trg},
		})
	}
	b, err := xml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportXLIFFArabic(t *testing.T) {
	// From Arabic into Russian, and from English into Arabic: right-to-left
	// text and special characters come through untouched.
	d := xliffTestDef()
	d.Languages = []string{"ar", "en"}
	arabic := func(id, src string) string { return "ترجمة <" + id + "> & \"" + src + "\"" }
	file := xliffTestFill(t, xliffTestExport(t, d, "ar", "ru"), func(id, src string) string { return "RU " + src + " <&>" })
	if _, _, err := ImportXLIFF(strings.NewReader(file), d); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Sections[0].Warning["ru"], "RU الأسئلة التالية عن \"الديون\" والتهديدات. <&>"; got != want {
		t.Errorf("warning in Russian = %q, want %q", got, want)
	}

	d = xliffTestDef()
	d.Languages = []string{"en"}
	d.Texts(func(_ string, t model.Text, _ bool) { delete(t, "ar") })
	file = xliffTestFill(t, xliffTestExport(t, d, "en", "ar"), arabic)
	lang, n, err := ImportXLIFF(strings.NewReader(file), d)
	if err != nil || lang != "ar" || n != len(xliffTestUnits) {
		t.Fatalf("ImportXLIFF = %q, %d, %v", lang, n, err)
	}
	if got, want := d.Sections[0].Questions[0].Hint["ar"], arabic("question.q1.hint", "Passport, ID card, <visa>…"); got != want {
		t.Errorf("hint in Arabic = %q, want %q", got, want)
	}
	if got, want := d.Purpose["ar"], arabic("purpose", "We ask so that <services> can improve.\nYour answers are anonymous."); got != want {
		t.Errorf("purpose in Arabic = %q, want %q", got, want)
	}
	if !reflect.DeepEqual(d.Languages, []string{"en", "ar"}) {
		t.Errorf("languages = %q", d.Languages)
	}
}

func TestImportXLIFFTolerated(t *testing.T) {
	file := xliffTestTranslated(t)
	for _, c := range []struct {
		name   string
		edit   func(string) string
		n      int
		check  func(*model.Definition) string
		before func(*model.Definition)
	}{
		{
			name: "ByteOrderMark",
			edit: func(s string) string { return "\uFEFF" + s },
			n:    len(xliffTestUnits),
		},
		{
			name: "OptionalUnitLeftOut",
			edit: func(s string) string { return xliffTestDropUnit(s, "question.q1.hint") },
			n:    len(xliffTestUnits) - 1,
			check: func(d *model.Definition) string {
				if _, ok := d.Sections[0].Questions[0].Hint["es"]; ok {
					return "hint set"
				}
				return ""
			},
		},
		{
			name: "OptionalTargetEmpty",
			edit: func(s string) string {
				return strings.Replace(s, "<target>ES[The next questions are about &#34;debt&#34; &amp; threats.]</target>", "<target></target>", 1)
			},
			n: len(xliffTestUnits) - 1,
		},
		{
			name: "ResegmentedAndGrouped",
			edit: func(s string) string {
				s = strings.Replace(s, xliffTestUnit(s, "title"), `<unit id="title"><segment><source>Work &amp;</source><target>ES[Work &amp;</target></segment>`+
					`<ignorable><source> </source></ignorable><segment><source>living conditions</source><target>living conditions]</target></segment></unit>`, 1)
				s = strings.Replace(s, `<unit id="section.s2.title">`, `<group id="g"><unit id="section.s2.title">`, 1)
				return strings.Replace(s, `</file>`, `</group></file>`, 1)
			},
			n: len(xliffTestUnits),
			check: func(d *model.Definition) string {
				if d.Title["es"] != "ES[Work & living conditions]" || d.Sections[1].Title["es"] != "ES[Thank you]" {
					return "title " + d.Title["es"] + ", " + d.Sections[1].Title["es"]
				}
				return ""
			},
		},
		{
			name: "Extensions",
			edit: func(s string) string {
				return strings.Replace(s, `<unit id="title">`, `<unit id="title"><mtc:matches xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"><mtc:match ref="#x"><source>x</source></mtc:match></mtc:matches><!-- ok -->`, 1)
			},
			n: len(xliffTestUnits),
		},
		{
			name: "ExistingLanguage",
			before: func(d *model.Definition) {
				d.Languages = append(d.Languages, "es")
				d.Title["es"] = "old"
			},
			n: len(xliffTestUnits),
			check: func(d *model.Definition) string {
				if len(d.Languages) != 3 || d.Title["es"] != "ES[Work & living conditions]" {
					return "languages " + strings.Join(d.Languages, " ") + ", title " + d.Title["es"]
				}
				return ""
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := xliffTestDef()
			if c.before != nil {
				c.before(d)
			}
			in := file
			if c.edit != nil {
				in = c.edit(in)
			}
			lang, n, err := ImportXLIFF(strings.NewReader(in), d)
			if err != nil || lang != "es" || n != c.n {
				t.Fatalf("ImportXLIFF = %q, %d, %v; want es, %d\n%s", lang, n, err, c.n, in)
			}
			if c.check != nil {
				if msg := c.check(d); msg != "" {
					t.Error(msg)
				}
			}
		})
	}
}

var xliffTestUnitRE = regexp.MustCompile(`(?s)<unit id="([^"]*)">.*?</unit>`)

func xliffTestUnit(s, id string) string {
	for _, m := range xliffTestUnitRE.FindAllStringSubmatch(s, -1) {
		if m[1] == id {
			return m[0]
		}
	}
	panic("no unit " + id)
}

func xliffTestDropUnit(s, id string) string { return strings.Replace(s, xliffTestUnit(s, id), "", 1) }

func TestImportXLIFFErrors(t *testing.T) {
	file := xliffTestTranslated(t)
	for _, c := range []struct {
		name string
		in   string // when set, the whole file

		edit   func(string) string // else an edit of the translated file
		before func(*model.Definition)
		want   []string // in the error message
		is     error
	}{
		{
			name: "ErrUnknownUnit",
			edit: func(s string) string {
				return strings.Replace(s, "</file>", `<unit id="question.q9.text"><segment><source>x</source><target>y</target></segment></unit></file>`, 1)
			},
			want: []string{`unit "question.q9.text": no such text in this survey`},
		},
		{
			name: "ErrMissingUnit",
			edit: func(s string) string {
				return xliffTestDropUnit(xliffTestDropUnit(s, "title"), "question.q1.choice.no")
			},
			want: []string{`missing unit "title"`, `missing unit "question.q1.choice.no"`},
		},
		{
			name: "ErrDuplicateUnit",
			edit: func(s string) string {
				u := xliffTestUnit(s, "question.q2.text")
				return strings.Replace(s, u, u+u, 1)
			},
			want: []string{`unit "question.q2.text": appears more than once`},
		},
		{
			name: "ErrNoUnitID",
			edit: func(s string) string { return strings.Replace(s, `<unit id="title">`, `<unit>`, 1) },
			want: []string{`a unit has no id`, `missing unit "title"`},
		},
		{
			name:   "ErrSourceChanged",
			before: func(d *model.Definition) { d.Sections[0].Questions[0].Choices[2].Label["en"] = "Not sure" },
			want:   []string{`unit "question.q1.choice.unsure": the source text changed since export; export again`},
		},
		{
			name:   "ErrSourceRemoved",
			before: func(d *model.Definition) { d.Sections[0].Warning = nil },
			want:   []string{`unit "section.s1.warning": the source text changed since export; export again`},
		},
		{
			name: "ErrEmptyTarget",
			edit: func(s string) string {
				s = strings.Replace(s, "<target>ES[Yes]</target>", "<target>  </target>", 1)
				return strings.Replace(s, "<target>ES[No]</target>", "", 1)
			},
			want: []string{`unit "question.q1.choice.yes": the translation is empty`, `unit "question.q1.choice.no": the translation is empty`},
		},
		{
			name: "ErrInlineMarkup",
			edit: func(s string) string {
				return strings.Replace(s, "<target>ES[Yes]</target>", `<target>ES[<pc id="1">Yes</pc>]</target>`, 1)
			},
			want: []string{`unit "question.q1.choice.yes": inline markup`},
		},
		{
			name: "ErrMalformed",
			edit: func(s string) string { return s[:len(s)/2] },
			want: []string{"not a well-formed XML file"},
		},
		{
			name: "ErrMalformedEntity",
			edit: func(s string) string { return strings.Replace(s, "ES[Yes]", "ES[Yes &nbsp;]", 1) },
			want: []string{"not a well-formed XML file"},
		},
		{
			name: "ErrTwoRoots",
			edit: func(s string) string { return s + "<xliff/>" },
			want: []string{"more than one root element"},
		},
		{
			name: "ErrEmpty",
			edit: func(string) string { return "" },
			want: []string{"not a well-formed XML file"},
		},
		{
			name: "ErrVersion",
			edit: func(s string) string { return strings.Replace(s, `version="2.0" srcLang`, `version="1.2" srcLang`, 1) },
			want: []string{`XLIFF version "1.2" is not supported`},
		},
		{
			name: "ErrNamespace",
			edit: func(s string) string {
				return strings.Replace(s, "urn:oasis:names:tc:xliff:document:2.0", "urn:oasis:names:tc:xliff:document:1.2", 1)
			},
			want: []string{"not an XLIFF 2.0 file"},
		},
		{
			name: "ErrNotXLIFF",
			in:   `<html><body>hello</body></html>`,
			want: []string{"not an XLIFF 2.0 file"},
		},
		{
			name: "ErrTwoFiles",
			edit: func(s string) string { return strings.Replace(s, "</xliff>", `<file id="other"></file></xliff>`, 1) },
			want: []string{"2 <file> elements"},
		},
		{
			name:   "ErrFileID",
			before: func(d *model.Definition) { d.Slug = "other-survey" },
			want:   []string{`the file is for "survey-work-conditions", not for this survey ("survey-other-survey")`},
		},
		{
			name: "ErrSrcLang",
			edit: func(s string) string { return strings.Replace(s, `srcLang="en"`, `srcLang="fr"`, 1) },
			want: []string{`source language (srcLang) "fr" is not a language of this survey (en ar)`},
		},
		{
			name: "ErrTrgLang",
			edit: func(s string) string { return strings.Replace(s, `trgLang="es"`, `trgLang="es-ES"`, 1) },
			want: []string{`target language (trgLang) "es-ES" is not supported`},
		},
		{
			name: "ErrNoTrgLang",
			edit: func(s string) string { return strings.Replace(s, ` trgLang="es"`, ``, 1) },
			want: []string{`no target language`},
		},
		{
			name: "ErrSameLang",
			edit: func(s string) string { return strings.Replace(s, `trgLang="es"`, `trgLang="en"`, 1) },
			want: []string{`source and target language are both "en"`},
		},
		{
			name: "ErrHeaderAll",
			edit: func(s string) string {
				return strings.Replace(strings.Replace(s, `srcLang="en"`, `srcLang="xx"`, 1), `id="survey-work-conditions"`, `id="survey-x"`, 1)
			},
			want: []string{`"survey-x"`, `"xx"`},
		},
		{
			name: "ErrTooLarge",
			in:   xliffTestTranslated(t) + "<!--" + strings.Repeat("x", MaxXLIFFSize) + "-->",
			want: []string{"larger than 5 MiB"},
			is:   ErrXLIFFTooLarge,
		},
		{
			name: "ErrManyProblems",
			edit: func(s string) string {
				var units strings.Builder
				for i := range 150 {
					fmt.Fprintf(&units, `<unit id="x%d"><segment><source>x</source></segment></unit>`, i)
				}
				units.WriteString(strings.Repeat(`<unit id="y"></unit>`, 3))
				return strings.Replace(s, "</file>", units.String()+"</file>", 1)
			},
			want: []string{`unit "x0": no such text in this survey`, `unit "x99": no such text`, "… and 52 more problems"},
		},
		{
			name: "ErrDuplicateUnknownUnit",
			edit: func(s string) string {
				return strings.Replace(s, "</file>", strings.Repeat(`<unit id="y"></unit>`, 3)+"</file>", 1)
			},
			want: []string{"unit \"y\": no such text in this survey\nunit \"y\": appears more than once"},
		},
		{
			name: "ErrAllTogether",
			edit: func(s string) string {
				s = xliffTestDropUnit(s, "purpose")
				s = strings.Replace(s, "<target>ES[No]</target>", "", 1)
				return strings.Replace(s, "</file>", `<unit id="question.q9.text"><segment><source>x</source><target>y</target></segment></unit></file>`, 1)
			},
			before: func(d *model.Definition) { d.Sections[1].Questions[0].Text["en"] = "Changed" },
			want: []string{
				`missing unit "purpose"`,
				`unit "question.q1.choice.no": the translation is empty`,
				`unit "question.q9.text": no such text in this survey`,
				`unit "question.q3.text": the source text changed since export; export again`,
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := xliffTestDef()
			if c.before != nil {
				c.before(d)
			}
			orig := xliffTestClone(t, d)
			in := file
			switch {
			case c.in != "":
				in = c.in
			case c.edit != nil:
				in = c.edit(file)
			}
			lang, n, err := ImportXLIFF(strings.NewReader(in), d)
			if err == nil {
				t.Fatalf("no error; lang %q, %d texts", lang, n)
			}
			if lang != "" || n != 0 {
				t.Errorf("lang %q, n %d with an error", lang, n)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error is not %v: %v", c.is, err)
			}
			if !reflect.DeepEqual(d, orig) {
				t.Errorf("survey changed despite the error:\n%+v", d)
			}
		})
	}
}

func FuzzImportXLIFF(f *testing.F) {
	d := xliffTestDef()
	f.Add(xliffTestExport(f, d, "en", "es"))
	f.Add(xliffTestTranslated(f))
	f.Add(xliffTestExport(f, d, "en", "ar"))
	f.Add(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="survey-work-conditions"><group><unit id="title"><segment><source>Work &amp; living conditions</source><target><ph/></target></segment><ignorable><source> </source></ignorable></unit></group></file></xliff>`)
	f.Add("<xliff")
	f.Fuzz(func(t *testing.T, in string) {
		d := xliffTestDef()
		lang, n, err := ImportXLIFF(strings.NewReader(in), d)
		if err != nil {
			if !reflect.DeepEqual(d, xliffTestDef()) {
				t.Fatalf("survey changed despite error %v", err)
			}
			return
		}
		// Success means every required text now exists in lang.
		if n == 0 || lang == "" {
			t.Fatalf("ImportXLIFF = %q, %d, nil", lang, n)
		}
		d.Texts(func(id string, tx model.Text, required bool) {
			if required && strings.TrimSpace(tx[lang]) == "" {
				t.Errorf("required text %s is empty in %s after import", id, lang)
			}
		})
	})
}
