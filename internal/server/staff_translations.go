package server

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

// Upload caps: the file itself, and the multipart body around it (field
// names, boundaries, the form token).
const (
	xliffUploadMax  = surveyfile.MaxXLIFFSize // 5 MiB
	surveyUploadMax = surveyfile.MaxSize      // 2 MiB
	multipartSlack  = 64 << 10
)

// translationAdminRoutes registers the staff pages for survey translations
// (XLIFF), survey file uploads and the support directory. The static
// /surveys/import wins over the editor's /surveys/:slug.
func (s *Server) translationAdminRoutes(st *echo.Group) {
	manage := s.require(model.ActionManageSurveys)
	st.GET("/surveys/import", s.surveyImportForm, manage)
	st.POST("/surveys/import", s.surveyImport, s.uploadForm(surveyUploadMax), manage)
	st.GET("/surveys/:slug/translations", s.translationsPage, manage)
	st.GET("/surveys/:slug/xliff", s.xliffExport, manage)
	st.POST("/surveys/:slug/xliff", s.xliffImport, s.uploadForm(xliffUploadMax), manage)
	st.GET("/support", s.supportList, manage)
	st.POST("/support", s.supportAdd, manage)
	st.POST("/support/:id/delete", s.supportDelete, manage)
}

// uploadForm parses a multipart form of a file of at most limit bytes, for a
// signed-in staff member only, before require reads the form token from it:
// bodyLimit parses url-encoded forms only, and an upload over the cap must be
// a 413, not a missing form token. Anyone else goes on to be refused by
// require without the body being read.
func (s *Server) uploadForm(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if ct != "multipart/form-data" || staffUser(c) == nil {
				return next(c)
			}
			bodyCap := limit + multipartSlack
			if r.ContentLength > bodyCap {
				return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, bodyCap)
			if err := r.ParseMultipartForm(bodyCap); err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
				}
				return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
			}
			defer func() { _ = r.MultipartForm.RemoveAll() }()
			return next(c)
		}
	}
}

// uploadedFile reads the file of a form field parsed by uploadForm. ok is
// false when no file (or an empty one) was sent.
func uploadedFile(c echo.Context, field string, limit int64) (name string, data []byte, ok bool, err error) {
	mf := c.Request().MultipartForm
	if mf == nil || len(mf.File[field]) == 0 {
		return "", nil, false, nil
	}
	fh := mf.File[field][0]
	if fh.Size > limit {
		return "", nil, false, model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, false, model.Internal(err)
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, limit+1))
	switch {
	case err != nil:
		return "", nil, false, model.Internal(err)
	case int64(len(data)) > limit:
		return "", nil, false, model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
	}
	return fh.Filename, data, len(data) > 0, nil
}
