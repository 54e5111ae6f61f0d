// Package locales holds the go-i18n message files, one per shipped language,
// embedded into the binary. A locale is complete or it does not ship: the
// tests in internal/i18n fail on any missing key or plural form.
package locales

import "embed"

// FS holds *.toml, one file per language code (en.toml, ar.toml, …).
//
//go:embed *.toml
var FS embed.FS
