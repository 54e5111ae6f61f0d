package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

const auditPageSize = 50

type auditData struct {
	Events []model.AuditEvent
	Older  int64 // id to pass as ?before= for the next page; 0: none
}

// auditLog is GET /staff/audit: the audit log, newest first.
func (s *Server) auditLog(c echo.Context) error {
	var before int64
	if b := c.QueryParam("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		before = n
	}
	evs, err := s.store.AuditPage(c.Request().Context(), before, auditPageSize+1)
	if err != nil {
		return err
	}
	d := auditData{Events: evs}
	if len(evs) > auditPageSize {
		d.Events = evs[:auditPageSize]
		d.Older = d.Events[auditPageSize-1].ID
	}
	p := s.staffPage(c)
	p.Title = "AuditTitle"
	p.Data = d
	return s.render(c, http.StatusOK, "staff_audit", p)
}
