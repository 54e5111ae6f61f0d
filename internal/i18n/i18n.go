// Package i18n loads the go-i18n catalog, negotiates languages and gives each
// request its own translator. Nothing here is shared mutable state: a
// Translator is made per request and handed to templates in the page data.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/survivorvoice/voice/locales"
)

// Lang is a shipped UI language.
type Lang struct {
	Code string // BCP 47 code used in URLs: /es/…
	Name string // the language's name in itself
	RTL  bool
}

// Dir is the value of the HTML dir attribute.
func (l Lang) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// Default is the fallback language.
const Default = "en"

// languages are the shipped UI languages (ARCHITECTURE.md §4): the OAS
// languages, then Arabic, Russian and Chinese.
func languages() []Lang {
	return []Lang{
		{Code: "en", Name: "English"},
		{Code: "es", Name: "Español"},
		{Code: "fr", Name: "Français"},
		{Code: "pt", Name: "Português"},
		{Code: "ar", Name: "العربية", RTL: true},
		{Code: "ru", Name: "Русский"},
		{Code: "zh", Name: "中文"},
	}
}

// Catalog is the loaded set of messages for every shipped language.
type Catalog struct {
	bundle     *goi18n.Bundle
	langs      []Lang
	byCode     map[string]Lang
	localizers map[string]*goi18n.Localizer
	plain      map[string]map[string]string // lang → id → text of messages with no placeholder
	matcher    language.Matcher
	onMissing  func(lang, id string)
}

// Option configures a Catalog.
type Option func(*Catalog)

// OnMissing sets a function called whenever a message is missing in the
// requested language. Tests use it to fail on any untranslated fallback.
func OnMissing(f func(lang, id string)) Option { return func(c *Catalog) { c.onMissing = f } }

// Load reads the embedded message files.
func Load(opts ...Option) (*Catalog, error) {
	return LoadFS(locales.FS, opts...)
}

// fileLang is the language of a message file: en.toml and survey.en.toml
// are both English. Each area of the product keeps its own files.
func fileLang(name string) string {
	parts := strings.Split(strings.TrimSuffix(path.Base(name), ".toml"), ".")
	return parts[len(parts)-1]
}

// LoadFS reads the message files (CODE.toml or AREA.CODE.toml) from fsys.
func LoadFS(fsys fs.FS, opts ...Option) (*Catalog, error) {
	c := &Catalog{
		bundle:     goi18n.NewBundle(language.English),
		langs:      languages(),
		byCode:     map[string]Lang{},
		localizers: map[string]*goi18n.Localizer{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tags := make([]language.Tag, 0, len(c.langs))
	ids := map[string][]*goi18n.Message{}
	files, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	for _, l := range c.langs {
		for _, name := range files {
			if fileLang(name) != l.Code {
				continue
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("locale %s: %w", name, err)
			}
			mf, err := c.bundle.ParseMessageFileBytes(data, path.Base(name))
			if err != nil {
				return nil, fmt.Errorf("locale %s: %w", name, err)
			}
			ids[l.Code] = append(ids[l.Code], mf.Messages...)
		}
		if len(ids[l.Code]) == 0 {
			return nil, fmt.Errorf("locale %s: no message file", l.Code)
		}
		c.byCode[l.Code] = l
		c.localizers[l.Code] = goi18n.NewLocalizer(c.bundle, l.Code)
		tags = append(tags, language.MustParse(l.Code))
	}
	c.matcher = language.NewMatcher(tags)
	if err := c.complete(ids); err != nil {
		return nil, err
	}
	c.plain = map[string]map[string]string{}
	for _, l := range c.langs {
		c.plain[l.Code] = map[string]string{}
		for _, m := range ids[l.Code] {
			if m.One == "" && m.Few == "" && m.Many == "" && m.Zero == "" && m.Two == "" && !strings.Contains(m.Other, "{{") {
				c.plain[l.Code][m.ID] = m.Other
			}
		}
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Languages lists the shipped languages in display order.
func (c *Catalog) Languages() []Lang { return append([]Lang(nil), c.langs...) }

// Lookup returns the shipped language with that code.
func (c *Catalog) Lookup(code string) (Lang, bool) {
	l, ok := c.byCode[code]
	return l, ok
}

// Negotiate picks the best shipped language for an Accept-Language header.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return c.langs[idx].Code
}

// Translator returns a new translator for one request in the given language,
// or in the default language when the code is not shipped.
func (c *Catalog) Translator(code string) *Translator {
	l, ok := c.byCode[code]
	if !ok {
		l = c.byCode[Default]
	}
	return &Translator{Lang: l, loc: c.localizers[l.Code], plain: c.plain[l.Code], onMissing: c.onMissing}
}

// Translator renders messages in one language for one request.
type Translator struct {
	Lang      Lang
	loc       *goi18n.Localizer
	plain     map[string]string // read-only, shared by every translator of the language
	onMissing func(lang, id string)
}

// T renders message id. args are either one map[string]any of template data
// or alternating key, value pairs; a "Count" value selects the plural form.
func (t *Translator) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := t.plain[id]; ok { // most messages: no placeholder, no plural
			return s
		}
	}
	data := templateData(args)
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := t.loc.Localize(cfg)
	if err != nil {
		if t.onMissing != nil {
			t.onMissing(t.Lang.Code, id)
		}
		if s == "" {
			return id
		}
	}
	return s
}

func templateData(args []any) map[string]any {
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			return m
		}
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	return data
}

// Code is the language code, for templates.
func (t *Translator) Code() string { return t.Lang.Code }

// Dir is the text direction, for templates.
func (t *Translator) Dir() string { return t.Lang.Dir() }

// IsLang reports whether code is a shipped language; used to route /{lang}/.
func (c *Catalog) IsLang(code string) bool {
	_, ok := c.byCode[strings.ToLower(code)]
	return ok && code == strings.ToLower(code)
}

// pluralSamples cover every CLDR cardinal category of the shipped languages
// (Arabic zero/one/two/few/many, Russian one/few/many, …).
var pluralSamples = []any{0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102, 111, 1000000, "1.5"}

// complete refuses a catalog in which any language lacks a message of the
// default language, or a plural form its language needs: a locale is
// complete or it does not ship.
func (c *Catalog) complete(ids map[string][]*goi18n.Message) error {
	var problems []string
	for _, l := range c.langs {
		loc := c.localizers[l.Code]
		have := map[string]bool{}
		for _, m := range ids[l.Code] {
			have[m.ID] = true
		}
		for _, m := range ids[Default] {
			if !have[m.ID] {
				problems = append(problems, fmt.Sprintf("%s: missing %s", l.Code, m.ID))
				continue
			}
			if m.One == "" && m.Few == "" && m.Many == "" {
				continue
			}
			for _, n := range pluralSamples {
				if _, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: m.ID, PluralCount: n}); err != nil {
					problems = append(problems, fmt.Sprintf("%s: %s has no plural form for %v", l.Code, m.ID, n))
					break
				}
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("incomplete locales: %s", strings.Join(problems, "; "))
	}
	return nil
}
