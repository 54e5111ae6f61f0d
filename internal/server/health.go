package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthz is GET /healthz: the process is up.
func (s *Server) healthz(c echo.Context) error { return c.String(http.StatusOK, "ok\n") }

// readyz is GET /readyz: the database answers. 503 otherwise.
func (s *Server) readyz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return err
	}
	return c.String(http.StatusOK, "ready\n")
}

// robots is GET /robots.txt: keep the staff pages out of search engines.
func (s *Server) robots(c echo.Context) error {
	return c.String(http.StatusOK, "User-agent: *\nDisallow: /staff/\n")
}
