// Package model holds the domain types of Survivor Voice: errors, roles and
// permissions, and the rules that do not need a database.
package model

import (
	"errors"
	"fmt"
)

// Code classifies a domain error. The server maps each code to an HTTP status
// in one place (internal/server/errors.go).
type Code string

const (
	CodeInvalid       Code = "invalid"       // malformed input: 400
	CodeUnauthorized  Code = "unauthorized"  // no valid staff session: sign in first
	CodeForbidden     Code = "forbidden"     // signed in, but not allowed: 403
	CodeNotFound      Code = "not_found"     // 404
	CodeConflict      Code = "conflict"      // changed meanwhile: 409
	CodeTooLarge      Code = "too_large"     // request body over the cap: 413
	CodeUnprocessable Code = "unprocessable" // well-formed but refused by a rule: 422
	CodeRateLimited   Code = "rate_limited"  // 429
	CodeUnavailable   Code = "unavailable"   // database or dependency down: 503
	CodeInternal      Code = "internal"      // a bug or an unexpected failure: 500
)

// Error is a domain error: a code, a message key for go-i18n (the text the
// user sees, in their language) and an optional cause that is logged but never
// shown.
type Error struct {
	Code  Code
	Key   string         // go-i18n message id
	Data  map[string]any // template data for the message
	Cause error          // internal cause; logged for CodeInternal only
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Key, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf builds a domain error with a message key.
func Errorf(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// WithData returns a copy of e carrying message template data.
func (e *Error) WithData(data map[string]any) *Error {
	c := *e
	c.Data = data
	return &c
}

// Internal wraps an unexpected failure.
func Internal(cause error) *Error {
	return &Error{Code: CodeInternal, Key: "ErrorInternal", Cause: cause}
}

// ErrorCode returns the code of a domain error, or CodeInternal for any other
// error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError returns err as a domain error, wrapping unknown errors as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}
