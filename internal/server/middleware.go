package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// recoverPanic turns a panic into a 500 page. The log line carries the stack,
// never request data.
func (s *Server) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = model.Internal(fmt.Errorf("panic: %v\n%s", r, debug.Stack()))
			}
		}()
		return next(c)
	}
}

// observe logs and counts each request by method, route pattern, status and
// duration, and nothing else: no address, User-Agent, query string, form value
// or body. Respondent requests are logged at debug level only, so that the
// default log holds no trace of when a respondent was active.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		route := s.routePattern(c)
		status := c.Response().Status
		elapsed := time.Since(start)
		if s.metrics != nil {
			s.metrics.observe(c.Request().Method, route, status, elapsed)
		}
		level := slog.LevelInfo
		if isRespondentRoute(route) {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(c.Request().Context(), level, "request",
			slog.String("method", c.Request().Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000))
		return nil
	}
}

// routePattern is the registered route, or "unmatched": a raw path could hold
// anything a client typed.
func (s *Server) routePattern(c echo.Context) string {
	p := c.Path()
	if s.routeSet[c.Request().Method+" "+p] {
		return p
	}
	return "unmatched"
}

func isRespondentRoute(route string) bool {
	return route == "/" || strings.HasPrefix(route, "/:lang")
}

// securityHeaders sets the headers of ARCHITECTURE.md §3.2 and §3.5 on every
// response, errors included.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "+
			"microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()")
		h.Set("Cache-Control", "no-store")
		if s.https {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// uploadMax is the largest staff file upload (an XLIFF file, 5 MiB, with
// room for the form around it).
const uploadMax = 6 << 20

// bodyLimit caps request bodies (413 beyond) and parses url-encoded forms up
// front, so that a malformed or oversized form is a 4xx, never a half-read
// request.
func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		limit := s.cfg.MaxBody
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" && strings.HasPrefix(r.URL.Path, "/staff/") {
			limit = max(limit, uploadMax) // staff file uploads; each upload route applies its own, smaller cap
		}
		if r.ContentLength > limit {
			return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		if r.Method == http.MethodPost {
			ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if ct == "application/x-www-form-urlencoded" || ct == "" {
				if err := r.ParseForm(); err != nil {
					var mbe *http.MaxBytesError
					if errors.As(err, &mbe) {
						return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
					}
					return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
				}
			}
		}
		return next(c)
	}
}

// crossOrigin refuses cross-site state changes using the browser's Fetch
// metadata (Go's CrossOriginProtection): it needs no cookie, so respondent
// forms stay cookie-free.
func (s *Server) crossOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c echo.Context) error {
		if err := cop.Check(c.Request()); err != nil {
			return model.Errorf(model.CodeForbidden, "ErrorCrossOrigin")
		}
		return next(c)
	}
}

const (
	sessionCookie = "__Host-voice_staff"
	ctxUser       = "staff_user"
	ctxSession    = "staff_session"
	ctxSessionID  = "staff_session_id"
)

// staffSession loads the staff member behind the session cookie, if any.
// Access decisions are made by require.
func (s *Server) staffSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		u, sess, err := s.store.SessionUser(c.Request().Context(), ck.Value)
		if err != nil {
			if model.ErrorCode(err) != model.CodeUnauthorized {
				return err
			}
			s.clearSessionCookie(c)
			return next(c)
		}
		c.Set(ctxUser, u)
		c.Set(ctxSession, sess)
		c.Set(ctxSessionID, ck.Value)
		return next(c)
	}
}

// require lets through only a signed-in staff member whose roles allow the
// action; on POST it also checks the form's session token.
func (s *Server) require(a model.Action) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := staffUser(c)
			if u == nil {
				return model.Errorf(model.CodeUnauthorized, "ErrorSignInRequired")
			}
			if !u.Roles.Can(a) {
				return model.Errorf(model.CodeForbidden, "ErrorForbidden")
			}
			if c.Request().Method == http.MethodPost {
				sess := c.Get(ctxSession).(*model.Session)
				if subtle.ConstantTimeCompare([]byte(c.FormValue("csrf")), []byte(sess.CSRFToken)) != 1 {
					return model.Errorf(model.CodeForbidden, "ErrorCSRF")
				}
			}
			return next(c)
		}
	}
}

func staffUser(c echo.Context) *model.StaffUser {
	u, _ := c.Get(ctxUser).(*model.StaffUser)
	return u
}

func (s *Server) setSessionCookie(c echo.Context, id string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: id, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int(model.SessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}
