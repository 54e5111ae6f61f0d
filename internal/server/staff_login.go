package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
)

type loginData struct {
	Email string
	Ready bool // the account was just set up
}

// loginForm is GET /staff/login.
func (s *Server) loginForm(c echo.Context) error {
	if staffUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/staff/")
	}
	p := s.staffPage(c)
	p.Title = "SignInTitle"
	p.Data = loginData{Ready: c.QueryParam("ready") == "1"}
	return s.render(c, http.StatusOK, "staff_login", p)
}

// login is POST /staff/login: address, password and TOTP code together. Every
// failure gets the same answer and the same work, whether or not the account
// exists, and counts towards the per-account and global slow-down.
func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	email := strings.TrimSpace(c.FormValue("email"))
	key := s.accountKey(email)
	wait, err := s.store.SignInWait(ctx, key)
	if err != nil {
		return err
	}
	if wait > 0 {
		return model.Errorf(model.CodeRateLimited, "SignInThrottled").WithData(map[string]any{"Seconds": int(wait.Seconds()) + 1})
	}
	u, err := s.store.StaffByEmail(ctx, email)
	if err != nil && model.ErrorCode(err) != model.CodeNotFound {
		return err
	}
	step, reason := s.checkCredentials(u, c.FormValue("password"), c.FormValue("code"))
	if reason == "" {
		var old string
		if ck, err := c.Cookie(sessionCookie); err == nil {
			old = ck.Value
		}
		id, err := s.store.CompleteSignIn(ctx, u, step, old, key)
		if err == nil {
			s.setSessionCookie(c, id)
			return c.Redirect(http.StatusSeeOther, "/staff/")
		}
		if model.ErrorCode(err) != model.CodeUnprocessable {
			return err
		}
		reason = "code_replayed"
	}
	if err := s.store.RecordSignInFailure(ctx, key, u, reason); err != nil {
		return err
	}
	s.log.Info("staff sign-in failed")
	p := s.staffPage(c)
	p.Title = "SignInTitle"
	p.Errors = []*model.Error{model.Errorf(model.CodeUnprocessable, "SignInFailed")}
	p.Data = loginData{Email: email}
	return s.render(c, http.StatusUnprocessableEntity, "staff_login", p)
}

// checkCredentials verifies password and TOTP code; it returns the accepted
// TOTP step, or a reason for the audit log. It spends the same password-hash
// work when there is no usable account.
func (s *Server) checkCredentials(u *model.StaffUser, password, code string) (int64, string) {
	if u == nil || u.Disabled || !u.Ready() {
		privacy.DummyVerify(s.cfg.Argon2)
		switch {
		case u == nil:
			return 0, "unknown_account"
		case u.Disabled:
			return 0, "account_disabled"
		default:
			return 0, "account_not_set_up"
		}
	}
	ok, err := privacy.VerifyPassword(u.PasswordHash, password)
	if err != nil {
		s.log.Error("stored password hash unreadable", slog.Any("error", err))
	}
	if !ok {
		return 0, "wrong_password"
	}
	secret, err := s.cfg.Keyring.Open(u.TOTPSecret, totpAAD(u.ID))
	if err != nil {
		s.log.Error("stored TOTP secret cannot be opened", slog.Any("error", err))
		return 0, "totp_unreadable"
	}
	step, ok := privacy.VerifyTOTP(string(secret), code, s.clock.Now(), u.TOTPLastStep)
	if !ok {
		return 0, "wrong_code"
	}
	return step, ""
}

// logout is POST /staff/logout: the session ends server-side and the browser
// is told to forget everything of this site.
func (s *Server) logout(c echo.Context) error {
	id, _ := c.Get(ctxSessionID).(string)
	if err := s.store.EndSession(c.Request().Context(), staffUser(c), id); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	c.Response().Header().Set("Clear-Site-Data", `"cache", "cookies", "storage"`)
	return c.Redirect(http.StatusSeeOther, "/staff/login")
}
