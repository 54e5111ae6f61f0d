package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"github.com/survivorvoice/voice/locales"
)

func TestShippedCatalogLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Languages()); got != 7 {
		t.Fatalf("%d languages, want 7", got)
	}
}

// messages reads a language's message files into id → text (plural forms
// as id.form).
func messages(t *testing.T, fsys fs.FS, code string) map[string]string {
	t.Helper()
	files, _ := fs.Glob(fsys, "*.toml")
	raw := map[string]any{}
	for _, f := range files {
		if fileLang(f) != code {
			continue
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := toml.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]string{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			out[k] = v
		case map[string]any:
			for form, text := range v {
				out[k+"."+form] = fmt.Sprint(text)
			}
		}
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

// Every locale has every key of English, no key English lacks, and the same
// placeholders in each message.
func TestEveryLocaleHasEveryKey(t *testing.T) {
	en := messages(t, locales.FS, Default)
	for _, l := range languages() {
		t.Run(l.Code, func(t *testing.T) {
			msgs := messages(t, locales.FS, l.Code)
			base := func(k string) string { b, _, _ := strings.Cut(k, "."); return b }
			ids := map[string]bool{}
			for k := range msgs {
				ids[base(k)] = true
			}
			for k, text := range en {
				if !ids[base(k)] {
					t.Errorf("missing %s", base(k))
					continue
				}
				want := placeholder.FindAllString(text, -1)
				for lk, lt := range msgs {
					if base(lk) != base(k) {
						continue
					}
					got := placeholder.FindAllString(lt, -1)
					want := want
					if strings.Contains(lk, ".") { // a plural form may spell the number out ("حسابان")
						drop := func(s string) bool { return s == "{{.Count}}" }
						want, got = slices.DeleteFunc(slices.Clone(want), drop), slices.DeleteFunc(got, drop)
					}
					slices.Sort(want)
					slices.Sort(got)
					if !slices.Equal(slices.Compact(want), slices.Compact(got)) {
						t.Errorf("%s: placeholders %v, English has %v", lk, got, want)
					}
				}
			}
			for k := range msgs {
				if _, ok := en[k]; !ok && !strings.Contains(k, ".") {
					t.Errorf("%s is not an English message", k)
				}
			}
		})
	}
}

// A locale that lacks a key, or a plural form its language needs, does not
// load.
func TestIncompleteLocaleRefused(t *testing.T) {
	files := fstest.MapFS{}
	names, _ := fs.Glob(locales.FS, "*.toml")
	for _, n := range names {
		b, _ := fs.ReadFile(locales.FS, n)
		files[n] = &fstest.MapFile{Data: b}
	}
	t.Run("ErrMissingKey", func(t *testing.T) {
		broken := fstest.MapFS{}
		for k, v := range files {
			broken[k] = v
		}
		es := string(files["es.toml"].Data)
		es = regexp.MustCompile(`(?m)^SignOut = .*$`).ReplaceAllString(es, "")
		broken["es.toml"] = &fstest.MapFile{Data: []byte(es)}
		_, err := LoadFS(broken)
		if err == nil || !strings.Contains(err.Error(), "es: missing SignOut") {
			t.Fatalf("want missing SignOut in es, got %v", err)
		}
	})
	t.Run("ErrMissingPluralForm", func(t *testing.T) {
		broken := fstest.MapFS{}
		for k, v := range files {
			broken[k] = v
		}
		ru := string(files["ru.toml"].Data)
		ru = regexp.MustCompile(`(?m)^StaffCount\.few = .*$`).ReplaceAllString(ru, "")
		broken["ru.toml"] = &fstest.MapFile{Data: []byte(ru)}
		_, err := LoadFS(broken)
		if err == nil || !strings.Contains(err.Error(), "ru: StaffCount has no plural form") {
			t.Fatalf("want missing plural form in ru, got %v", err)
		}
	})
}

func TestNegotiate(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for header, want := range map[string]string{
		"":                        "en",
		"es-MX,es;q=0.9,en;q=0.5": "es",
		"ar-EG":                   "ar",
		"zh-TW,zh;q=0.9":          "zh",
		"pt-BR":                   "pt",
		"de-DE,fr;q=0.5":          "fr",
		"ja":                      "en",
		"ru;q=0.1,fr;q=0.9":       "fr",
		"garbage;;;q=x":           "en",
	} {
		if got := c.Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestPlurals(t *testing.T) {
	c, err := Load(OnMissing(func(lang, id string) { t.Errorf("%s missing in %s", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	for lang, cases := range map[string]map[int]string{
		"en": {1: "1 staff account", 2: "2 staff accounts"},
		"ru": {1: "1 ", 3: "3 ", 5: "5 ", 21: "21 "},
		"ar": {2: "حسابان"},
	} {
		tr := c.Translator(lang)
		for n, want := range cases {
			if got := tr.T("StaffCount", "Count", n); !strings.Contains(got, want) {
				t.Errorf("%s StaffCount(%d) = %q, want it to contain %q", lang, n, got, want)
			}
		}
	}
	ru := c.Translator("ru")
	if ru.T("StaffCount", "Count", 1) == ru.T("StaffCount", "Count", 5) {
		t.Error("Russian uses one form for 1 and 5")
	}
}

// Translators made concurrently never mix languages: each request has its own.
func TestTranslatorConcurrent(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, l := range c.Languages() {
		want[l.Code] = c.Translator(l.Code).T("SignOut")
	}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			for j := range 200 {
				code := c.Languages()[(i+j)%7].Code
				tr := c.Translator(code)
				if got := tr.T("SignOut"); got != want[code] || tr.Code() != code {
					t.Errorf("translator for %s gave %q", code, got)
					return
				}
			}
		})
	}
	wg.Wait()
}
