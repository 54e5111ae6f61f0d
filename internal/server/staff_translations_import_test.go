package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

// surveyJSON is a survey file in the platform's JSON format.
func surveyJSON(t *testing.T, d *model.Definition) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := surveyfile.WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// xlsform builds a workbook: sheet name → rows of cells.
func xlsform(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for name, rows := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// needsWorkbook is a small valid XLSForm in English and Spanish; its rows
// are numbered as the spreadsheet numbers them.
func needsWorkbook() map[string][][]string {
	return map[string][][]string{
		"survey": {
			{"type", "name", "label::English (en)", "label::Español (es)"},
			{"select_one yn", "helped", "Did anyone help you?", "¿Alguien le ayudó?"},
			{"text", "what", "What helped?", "¿Qué le ayudó?"},
		},
		"choices": {
			{"list_name", "name", "label::English (en)", "label::Español (es)"},
			{"yn", "yes", "Yes", "Sí"},
			{"yn", "no", "No", "No"},
		},
		"settings": {
			{"form_title", "form_id", "default_language"},
			{"Needs 2026", "needs-2026", "English (en)"},
		},
	}
}

func (h *harness) consultation(slug string) *model.Consultation {
	h.t.Helper()
	c := &model.Consultation{Slug: slug, Name: model.Text{"en": "Consultation " + slug}, StartsOn: "2026-01-01", Languages: []string{"en", "es"}}
	if err := h.st.CreateConsultation(context.Background(), nil, c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

func TestSurveyImport(t *testing.T) {
	h := newHarness(t)
	cn := h.consultation("priority-one")
	h.consultation("other")
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	form := url.Values{"csrf": {csrf}, "consultation": {"priority-one"}}
	saved := func(t *testing.T, res *http.Response, body, slug string) {
		t.Helper()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/surveys/import?saved="+slug {
			t.Fatalf("upload: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		sv, err := h.st.SurveyBySlug(context.Background(), slug)
		if err != nil || sv.State != model.SurveyDraft || sv.ConsultationID != cn.ID || sv.Version != 0 {
			t.Fatalf("saved survey: %+v, %v", sv, err)
		}
	}

	t.Run("Form", func(t *testing.T) {
		res, body := c.get("/staff/surveys/import")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `enctype="multipart/form-data"`) ||
			!strings.Contains(body, `<option value="priority-one"`) || !strings.Contains(body, "XLSForm") {
			t.Fatalf("form: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", form, "file", "survey.json", surveyJSON(t, testSurvey("from-json")))
		saved(t, res, body, "from-json")
		if d := h.draft("from-json"); d.Question("q6").Choices[4].Label["ar"] != "أوافق بشدة" {
			t.Fatalf("draft: %+v", d.Question("q6"))
		}
		res, body = c.get(res.Header.Get("Location"))
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "“from-json” is saved as a draft") ||
			!strings.Contains(body, `href="/staff/surveys/from-json/translations"`) {
			t.Fatalf("after upload: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("XLSForm", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", form, "file", "Needs.xlsx", xlsform(t, needsWorkbook()))
		saved(t, res, body, "needs-2026")
		d := h.draft("needs-2026")
		if d.Title["en"] != "Needs 2026" || d.Question("helped").Text["es"] != "¿Alguien le ayudó?" || len(d.Question("helped").Choices) != 2 {
			t.Fatalf("draft: %+v", d)
		}
	})

	t.Run("ReplacesDraft", func(t *testing.T) {
		d := testSurvey("from-json")
		d.Title["en"] = "Priority one survey, second draft"
		res, body := c.upload("/staff/surveys/import", form, "file", "again.json", surveyJSON(t, d))
		saved(t, res, body, "from-json")
		if got := h.draft("from-json").Title["en"]; got != "Priority one survey, second draft" {
			t.Fatalf("title %q", got)
		}
	})

	t.Run("ErrCell", func(t *testing.T) {
		w := needsWorkbook()
		w["survey"][2][0] = "geopoint"
		res, body := c.upload("/staff/surveys/import", form, "file", "needs.xlsx", xlsform(t, w))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Sheet “survey”, row 3, column “type”: unsupported type") {
			t.Fatalf("broken workbook: %d\n%s", res.StatusCode, body)
		}
		if !strings.Contains(body, `<option value="priority-one" selected>`) {
			t.Error("the form lost the consultation")
		}
	})

	t.Run("ErrModelRules", func(t *testing.T) {
		d := testSurvey("broken-rules")
		d.Sections[0].Questions[0].Choices = d.Sections[0].Questions[0].Choices[:1]
		res, body := c.upload("/staff/surveys/import", form, "file", "broken.json", surveyJSON(t, d))
		if res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "sections[0].questions[0].choices: A choice question needs at least two answers.") {
			t.Fatalf("broken survey: %d\n%s", res.StatusCode, body)
		}
		if _, err := h.st.SurveyBySlug(context.Background(), "broken-rules"); model.ErrorCode(err) != model.CodeNotFound {
			t.Fatalf("a refused file was saved: %v", err)
		}
	})

	t.Run("ErrJSONSyntax", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", form, "file", "s.json", []byte("{\n\"format\": \"survivor-voice/survey@1\",\n\"slug\": 3}"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "line 3") {
			t.Fatalf("bad JSON: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrNoFileNoConsultation", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", url.Values{"csrf": {csrf}}, "", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a consultation.") || !strings.Contains(body, "Choose a file to upload.") {
			t.Fatalf("empty form: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrFileType", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", form, "file", "survey.csv", []byte("a,b"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "This kind of file is not accepted") {
			t.Fatalf("csv: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrOtherConsultation", func(t *testing.T) {
		other := url.Values{"csrf": {csrf}, "consultation": {"other"}}
		res, body := c.upload("/staff/surveys/import", other, "file", "survey.json", surveyJSON(t, testSurvey("from-json")))
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "already belongs to another consultation") {
			t.Fatalf("slug of another consultation: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrTooLarge", func(t *testing.T) {
		big := bytes.Repeat([]byte(" "), surveyfile.MaxSize+1)
		res, _ := c.upload("/staff/surveys/import", form, "file", "big.json", big)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("over the server's body cap: %d", res.StatusCode)
		}
	})
}

// With a body cap above the upload caps, the caps of the upload routes
// themselves answer 413, whether or not the request says its length.
func TestUploadCaps(t *testing.T) {
	h := newHarness(t, func(cfg *Config) { cfg.MaxBody = 32 << 20 })
	h.openSurvey(testSurvey("capped"))
	h.consultation("priority-one")
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	form := url.Values{"csrf": {csrf}, "consultation": {"priority-one"}}
	cases := []struct {
		name, target, file string
		size               int
	}{
		{"SurveyFile", "/staff/surveys/import", "big.json", surveyfile.MaxSize + 1},
		{"XLIFF", "/staff/surveys/capped/xliff", "big.xlf", surveyfile.MaxXLIFFSize + 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := bytes.Repeat([]byte(" "), tc.size)
			if res, _ := c.upload(tc.target, form, "file", tc.file, data); res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("file of %d bytes: %d", tc.size, res.StatusCode)
			}
			// Sent in chunks, with no length given up front.
			res, body := c.uploadChunked(tc.target, form, "file", tc.file, bytes.Repeat([]byte(" "), 4*tc.size))
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("chunked: %d\n%s", res.StatusCode, body)
			}
		})
	}
	t.Run("UnderTheCap", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/import", form, "file", "s.json", surveyJSON(t, testSurvey("under-cap")))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", res.StatusCode, body)
		}
	})
}

// uploadChunked is upload with a body of unknown length.
func (c *client) uploadChunked(target string, fields url.Values, field, name string, data []byte) (*http.Response, string) {
	c.h.t.Helper()
	ct, body := c.multipartBody(fields, field, name, data)
	return c.raw(http.MethodPost, target, ct, io.MultiReader(bytes.NewReader(body)))
}

// A survey file larger than the server's default body cap (1 MiB) but within
// the upload cap is accepted: uploads have their own limit.
func TestUploadAboveDefaultBodyCap(t *testing.T) {
	h := newHarness(t)
	h.consultation("priority-one")
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	data := append(surveyJSON(t, testSurvey("padded")), bytes.Repeat([]byte(" "), 3<<19)...)
	res, body := c.upload("/staff/surveys/import", url.Values{"csrf": {csrf}, "consultation": {"priority-one"}}, "file", "padded.json", data)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a %d-byte survey file: %d\n%s", len(data), res.StatusCode, body)
	}
	// Respondent pages still refuse bodies over the default cap.
	res, _ = c.post("/en/receipt", url.Values{"receipt": {strings.Repeat("1", 2<<20)}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("respondent body over the cap: %d", res.StatusCode)
	}
}
