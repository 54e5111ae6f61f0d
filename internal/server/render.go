package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/web"
)

// assets are the static files with content-hashed names, so they can be
// cached for ever and changed at once.
type assets struct {
	hashed map[string]string // "app.css" → "app.1a2b3c4d.css"
	files  map[string][]byte // hashed name → content
}

func loadAssets() (*assets, error) {
	a := &assets{hashed: map[string]string{}, files: map[string][]byte{}}
	entries, err := fs.ReadDir(web.FS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(web.FS, "static/"+e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		name := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.hashed[e.Name()] = name
		a.files[name] = b
	}
	return a, nil
}

// url gives the hashed URL of a static file.
func (a *assets) url(name string) (string, error) {
	h, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// templates are parsed once at start-up: every file in web/templates is a
// page, parsed with the layout and the shared partials. The function map holds only
// language-independent functions: the translator travels in the page data.
type templates struct {
	pages map[string]*template.Template
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"static": a.url,
		"day":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"minute": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
		"hasRole": func(rs model.Roles, r model.Role) bool {
			return rs.Has(r)
		},
		"can": func(rs model.Roles, a string) bool { return rs.Can(model.Action(a)) },
		// withT pairs a value with the page's translator for a partial.
		"withT": func(t *i18n.Translator, v any) map[string]any { return map[string]any{"T": t, "V": v} },
	}
	t := &templates{pages: map[string]*template.Template{}}
	files, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		p, err := template.New(name).Funcs(funcs).ParseFS(web.FS, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		t.pages[name] = p
	}
	return t, nil
}

// page is what every template gets.
type page struct {
	T          *i18n.Translator
	Langs      []i18n.Lang
	Respondent bool   // a respondent page: quick exit, path-based language links
	InForm     bool   // the language switcher is inside the page's form (survey flow)
	LangPath   string // respondent: the path after /{lang}, for the language links
	ExitURL    string
	User       *model.StaffUser
	CSRF       string
	Title      string // message id of the page title
	Errors     []*model.Error
	Data       any
}

// Msg renders a domain error in the page's language.
func (p *page) Msg(e *model.Error) string { return p.T.T(e.Key, e.Data) }

// render writes a full page with status code.
func (s *Server) render(c echo.Context, code int, name string, p *page) error {
	t, ok := s.tmpl.pages[name]
	if !ok {
		return model.Internal(fmt.Errorf("no page %q", name))
	}
	p.Langs = s.cat.Languages()
	p.ExitURL = s.cfg.ExitURL
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return model.Internal(fmt.Errorf("render %s: %w", name, err))
	}
	return c.HTMLBlob(code, buf.Bytes())
}

// staticFile serves GET /static/:name with a far-future cache.
func (s *Server) staticFile(c echo.Context) error {
	b, ok := s.assets.files[c.Param("name")]
	if !ok {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	ctype := "application/octet-stream"
	switch path.Ext(c.Param("name")) {
	case ".css":
		ctype = "text/css; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case ".svg":
		ctype = "image/svg+xml"
	}
	return c.Blob(http.StatusOK, ctype, b)
}
