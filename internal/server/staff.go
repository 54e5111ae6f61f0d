package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
)

// staffPage starts the page data for a staff page: the staff member's own
// language once signed in; before that ?lang= or the browser's preference.
func (s *Server) staffPage(c echo.Context) *page {
	u := staffUser(c)
	var lang string
	switch q := c.QueryParam("lang"); {
	case u != nil:
		lang = u.Language
	case s.cat.IsLang(q):
		lang = q
	default:
		lang = s.cat.Negotiate(c.Request().Header.Get("Accept-Language"))
	}
	p := &page{T: s.cat.Translator(lang), User: u}
	if sess, ok := c.Get(ctxSession).(*model.Session); ok {
		p.CSRF = sess.CSRFToken
	}
	return p
}

// accountKey is the throttling key of an address typed at sign-in: a keyed
// hash, the same whether or not an account has that address.
func (s *Server) accountKey(email string) string {
	m := hmac.New(sha256.New, s.cfg.Pepper)
	m.Write([]byte("signin\x00" + strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil))
}

// totpAAD binds a stored TOTP secret to its account.
func totpAAD(userID string) []byte { return []byte("staff_users.totp_secret\x00" + userID) }

// setupAAD binds a pending TOTP secret in the set-up form to its link.
func setupAAD(tokenHash string) []byte { return []byte("setup.pending_totp\x00" + tokenHash) }

// setupURL is the one-time sign-in link for a token.
func (s *Server) setupURL(token string) string {
	return SetupURL(s.cfg.PublicURL, token)
}

// SetupURL builds the one-time sign-in link the command line prints.
func SetupURL(publicURL, token string) string {
	return strings.TrimRight(publicURL, "/") + "/staff/setup/" + token
}
