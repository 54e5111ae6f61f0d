package server

import "github.com/labstack/echo/v4"

// surveyAdminRoutes registers the staff pages for consultations and surveys.
func (s *Server) surveyAdminRoutes(st *echo.Group) {}
