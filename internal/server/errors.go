package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// statusOf maps a domain error code to its HTTP status: the one place where
// this happens.
func statusOf(code model.Code) int {
	switch code {
	case model.CodeInvalid:
		return http.StatusBadRequest
	case model.CodeUnauthorized:
		return http.StatusUnauthorized
	case model.CodeForbidden:
		return http.StatusForbidden
	case model.CodeNotFound:
		return http.StatusNotFound
	case model.CodeConflict:
		return http.StatusConflict
	case model.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case model.CodeUnprocessable:
		return http.StatusUnprocessableEntity
	case model.CodeRateLimited:
		return http.StatusTooManyRequests
	case model.CodeUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// fromEcho turns Echo's own errors (no route, wrong method) into domain errors.
func fromEcho(he *echo.HTTPError) *model.Error {
	switch he.Code {
	case http.StatusNotFound:
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	case http.StatusMethodNotAllowed:
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	case http.StatusRequestEntityTooLarge:
		return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
	case http.StatusBadRequest:
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	case http.StatusServiceUnavailable:
		return model.Errorf(model.CodeUnavailable, "ErrorUnavailable")
	default:
		return model.Internal(he)
	}
}

// errorPage is the data of the error template.
type errorPage struct {
	Status int
	Err    *model.Error
}

// handleError renders every error as a localized page with no stack trace.
// Only internal and unavailable errors are logged, with their cause and route
// and nothing from the request.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var de *model.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
	case errors.As(err, &he):
		de = fromEcho(he)
	default:
		de = model.Internal(err)
	}
	if de.Code == model.CodeUnauthorized {
		if err := c.Redirect(http.StatusSeeOther, "/staff/login"); err != nil {
			s.log.Error("redirect to sign-in", slog.Any("error", err))
		}
		return
	}
	status := statusOf(de.Code)
	switch de.Code {
	case model.CodeInternal:
		s.log.Error("internal error", slog.String("route", s.routePattern(c)), slog.Any("error", de.Cause))
		de = model.Internal(nil) // never show the cause
	case model.CodeUnavailable:
		s.log.Warn("service unavailable", slog.String("route", s.routePattern(c)), slog.Any("error", de.Cause))
		c.Response().Header().Set("Retry-After", "30")
	case model.CodeRateLimited:
		if secs, ok := de.Data["Seconds"].(int); ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		}
	}
	p := s.pageFor(c)
	p.Title = "ErrorTitle"
	p.Data = errorPage{Status: status, Err: de}
	if err := s.render(c, status, "error", p); err != nil {
		s.log.Error("render error page", slog.Any("error", err))
		_ = c.String(status, http.StatusText(status))
	}
}

// pageFor starts the page data for the request's language: the language in a
// respondent path, else the staff member's language, else the browser's.
func (s *Server) pageFor(c echo.Context) *page {
	path := c.Request().URL.Path
	if seg, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/"); s.cat.IsLang(seg) {
		return &page{T: s.cat.Translator(seg), Respondent: true, LangPath: "/" + rest}
	}
	if path == "/" {
		return &page{T: s.cat.Translator(s.cat.Negotiate(c.Request().Header.Get("Accept-Language"))), Respondent: true, LangPath: "/"}
	}
	return s.staffPage(c)
}
