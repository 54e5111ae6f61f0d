// Package web holds the HTML templates and static assets, embedded into the
// binary so that every page is served by the platform itself.
package web

import "embed"

// FS holds templates/*.html and static/*.
//
//go:embed templates/*.html static/*
var FS embed.FS
