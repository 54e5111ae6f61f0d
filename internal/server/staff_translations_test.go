package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

// upload posts a multipart form with one file, as a browser does; no file
// when name is empty.
func (c *client) upload(target string, fields url.Values, field, name string, data []byte) (*http.Response, string) {
	c.h.t.Helper()
	ct, body := c.multipartBody(fields, field, name, data)
	return c.raw(http.MethodPost, target, ct, bytes.NewReader(body))
}

func (c *client) multipartBody(fields url.Values, field, name string, data []byte) (contentType string, body []byte) {
	c.h.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				c.h.t.Fatal(err)
			}
		}
	}
	if name != "" {
		f, err := w.CreateFormFile(field, name)
		if err != nil {
			c.h.t.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			c.h.t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		c.h.t.Fatal(err)
	}
	return w.FormDataContentType(), buf.Bytes()
}

// reSource finds each source text of an XLIFF file, to fill in a target.
var reSource = regexp.MustCompile(`(?s)<source>(.*?)</source>`)

// translateXLIFF fills every unit of a downloaded file with "[fr] " and
// its source text, as a translator's tool would.
func translateXLIFF(file string) string {
	return reSource.ReplaceAllString(file, "<source>$1</source><target>[fr] $1</target>")
}

func (h *harness) draft(slug string) *model.Definition {
	h.t.Helper()
	sv, err := h.st.SurveyBySlug(context.Background(), slug)
	if err != nil {
		h.t.Fatal(err)
	}
	return sv.Draft
}

func TestXLIFFTranslations(t *testing.T) {
	h := newHarness(t)
	h.openSurvey(testSurvey("trafficking-2026"))
	admin := h.newStaff("admin@example.org", model.RoleAdmin)
	c := h.client()
	csrf := c.signIn(admin)
	const page = "/staff/surveys/trafficking-2026/translations"

	download := func(t *testing.T) string {
		t.Helper()
		res, body := c.get("/staff/surveys/trafficking-2026/xliff?source=en&target=fr")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("download: %d\n%s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/xliff+xml" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename=trafficking-2026.en-fr.xlf` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.Contains(body, `srcLang="en"`) || !strings.Contains(body, `trgLang="fr"`) || !strings.Contains(body, "Did you receive support?") {
			t.Fatalf("not the survey's XLIFF:\n%s", body)
		}
		return body
	}

	t.Run("Page", func(t *testing.T) {
		res, body := c.get(page)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Priority one survey") ||
			!strings.Contains(body, `action="/staff/surveys/trafficking-2026/xliff" enctype="multipart/form-data"`) ||
			!strings.Contains(body, `<option value="fr" lang="fr" selected>`) || !strings.Contains(body, `<option value="en" lang="en" selected>`) {
			t.Fatalf("translations page: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrUnknownUnit", func(t *testing.T) {
		file := strings.Replace(translateXLIFF(download(t)), "</file>",
			`<unit id="question.q99.text"><segment><source>Extra</source><target>En plus</target></segment></unit></file>`, 1)
		res, body := c.upload("/staff/surveys/trafficking-2026/xliff", url.Values{"csrf": {csrf}}, "file", "t.en-fr.xlf", []byte(file))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "no such text in this survey") ||
			!strings.Contains(body, "question.q99.text") {
			t.Fatalf("unknown unit: %d\n%s", res.StatusCode, body)
		}
		if d := h.draft("trafficking-2026"); slices.Contains(d.Languages, "fr") || d.Title["fr"] != "" {
			t.Fatalf("draft changed by a refused file: %v %q", d.Languages, d.Title["fr"])
		}
	})

	t.Run("ErrMissingUnit", func(t *testing.T) {
		file := regexp.MustCompile(`(?s)<unit id="title">.*?</unit>`).ReplaceAllString(translateXLIFF(download(t)), "")
		res, body := c.upload("/staff/surveys/trafficking-2026/xliff", url.Values{"csrf": {csrf}}, "file", "t.xlf", []byte(file))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "missing unit") {
			t.Fatalf("missing unit: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrNoFile", func(t *testing.T) {
		res, body := c.upload("/staff/surveys/trafficking-2026/xliff", url.Values{"csrf": {csrf}}, "", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose an XLIFF file") {
			t.Fatalf("no file: %d\n%s", res.StatusCode, body)
		}
	})

	t.Run("ErrBadLanguages", func(t *testing.T) {
		for _, q := range []string{"source=fr&target=es", "source=en&target=en", "source=en&target=xx", ""} {
			res, body := c.get("/staff/surveys/trafficking-2026/xliff?" + q)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose") {
				t.Errorf("%s: %d", q, res.StatusCode)
			}
		}
	})

	t.Run("ErrNoSurvey", func(t *testing.T) {
		if res, _ := c.get("/staff/surveys/no-such-survey/xliff?source=en&target=fr"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("download of no survey: %d", res.StatusCode)
		}
		res, _ := c.upload("/staff/surveys/no-such-survey/xliff", url.Values{"csrf": {csrf}}, "file", "t.xlf", []byte("<xliff/>"))
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("upload to no survey: %d", res.StatusCode)
		}
	})

	t.Run("ErrNoFormToken", func(t *testing.T) {
		res, _ := c.upload("/staff/surveys/trafficking-2026/xliff", nil, "file", "t.xlf", []byte(translateXLIFF(download(t))))
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("upload without the form token: %d", res.StatusCode)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		file := translateXLIFF(download(t))
		res, body := c.upload("/staff/surveys/trafficking-2026/xliff", url.Values{"csrf": {csrf}}, "file", "t.en-fr.xlf", []byte(file))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", res.StatusCode, body)
		}
		loc := res.Header.Get("Location")
		if !strings.HasPrefix(loc, page+"?") {
			t.Fatalf("redirect to %q", loc)
		}
		d := h.draft("trafficking-2026")
		if !slices.Contains(d.Languages, "fr") || d.Title["fr"] != "[fr] Priority one survey" ||
			d.Question("q1").Choices[0].Label["fr"] != "[fr] Yes" || d.Sections[1].Warning["fr"] != "[fr] Questions about exploitation." {
			t.Fatalf("draft after import: %v %+v", d.Languages, d.Title)
		}
		sv, _ := h.st.SurveyBySlug(context.Background(), "trafficking-2026")
		if slices.Contains(sv.Published.Languages, "fr") {
			t.Fatal("the published version changed")
		}
		res, body = c.get(loc)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "texts in Français are saved to the draft") {
			t.Fatalf("page after import: %d\n%s", res.StatusCode, body)
		}
		// Downloaded again, the file carries the translations.
		if again := download(t); !strings.Contains(again, "<target>[fr] Did you receive support?</target>") {
			t.Fatalf("second download has no targets:\n%s", again)
		}
	})
}
