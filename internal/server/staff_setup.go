package server

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/qr"
	"github.com/survivorvoice/voice/internal/store"
)

type setupData struct {
	Email   string
	QR      template.HTML // drawn by the app itself: no third-party request
	Secret  string        // the TOTP secret as text, for typing into an app
	Pending string        // the pending secret, sealed to this link
}

// setupForm is GET /staff/setup/{token}: the one-time link where a staff
// member sets a password and enrols TOTP. Nothing is stored until the form is
// sent: the new TOTP secret travels sealed in the form.
func (s *Server) setupForm(c echo.Context) error {
	token := c.Param("token")
	u, err := s.store.LinkUser(c.Request().Context(), token)
	if err != nil {
		return err
	}
	secret, url, err := privacy.NewTOTPKey("Survivor Voice", u.Email)
	if err != nil {
		return model.Internal(err)
	}
	pending, err := s.cfg.Keyring.Seal([]byte(secret+"\n"+url), setupAAD(store.HashToken(token)))
	if err != nil {
		return model.Internal(err)
	}
	return s.renderSetup(c, http.StatusOK, u, secret, url, pending, nil)
}

func (s *Server) renderSetup(c echo.Context, code int, u *model.StaffUser, secret, url, pending string, errs []*model.Error) error {
	svg, err := qr.SVG(url)
	if err != nil {
		return model.Internal(err)
	}
	p := s.staffPage(c)
	p.Title = "SetupTitle"
	p.Errors = errs
	p.Data = setupData{Email: u.Email, QR: template.HTML(svg), Secret: privacy.FormatSecret(secret), Pending: pending}
	return s.render(c, code, "staff_setup", p)
}

// setup is POST /staff/setup/{token}: password twice and a code from the
// authenticator app. On any error the form comes back with the same secret,
// so the entry already added to the app stays valid.
func (s *Server) setup(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	u, err := s.store.LinkUser(ctx, token)
	if err != nil {
		return err
	}
	opened, err := s.cfg.Keyring.Open(c.FormValue("pending"), setupAAD(store.HashToken(token)))
	if err != nil {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	secret, url, ok := strings.Cut(string(opened), "\n")
	if !ok {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	password := c.FormValue("password")
	local, _, _ := strings.Cut(u.Email, "@")
	var errs []*model.Error
	if err := privacy.CheckPassword(password, u.Email, local); err != nil {
		errs = append(errs, model.AsError(err))
	} else if password != c.FormValue("password2") {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "PasswordMismatch"))
	}
	step, ok := privacy.VerifyTOTP(secret, c.FormValue("code"), s.clock.Now(), 0)
	if !ok {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, "TOTPWrong"))
	}
	if len(errs) > 0 {
		return s.renderSetup(c, http.StatusUnprocessableEntity, u, secret, url, c.FormValue("pending"), errs)
	}
	hash, err := privacy.HashPassword(s.cfg.Argon2, password)
	if err != nil {
		return model.Internal(err)
	}
	sealed, err := s.cfg.Keyring.Seal([]byte(secret), totpAAD(u.ID))
	if err != nil {
		return model.Internal(err)
	}
	if err := s.store.CompleteSetup(ctx, token, hash, sealed, step); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/login?ready=1&lang="+u.Language)
}
