package model

import (
	"net/mail"
	"strings"
	"time"
)

// StaffUser is a staff account. Respondents have no account.
type StaffUser struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	Roles        Roles
	PasswordHash string
	TOTPSecret   string `gorm:"column:totp_secret"` // sealed
	TOTPLastStep int64  `gorm:"column:totp_last_step"`
	Language     string
	Languages    Languages // the languages a moderator works in
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (StaffUser) TableName() string { return "staff_users" }

// Ready reports whether the account has finished set-up (password and TOTP).
func (u *StaffUser) Ready() bool { return u.PasswordHash != "" && u.TOTPSecret != "" }

// NormalizeEmail lowercases and checks an address for a staff account.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", Errorf(CodeUnprocessable, "ErrorEmailInvalid")
	}
	return s, nil
}

// Session is a signed-in staff session. Only a hash of its id is stored.
type Session struct {
	IDHash     string `gorm:"primaryKey;column:id_hash"`
	UserID     string
	CSRFToken  string `gorm:"column:csrf_token"`
	CreatedAt  time.Time
	LastSeenAt time.Time
}

func (Session) TableName() string { return "staff_sessions" }

// Session lifetimes (ARCHITECTURE.md §3.14).
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	SignInLinkTTL   = 24 * time.Hour
)

// Expired reports whether the session is past its idle or absolute limit.
func (s *Session) Expired(now time.Time) bool {
	return now.Sub(s.LastSeenAt) >= SessionIdle || now.Sub(s.CreatedAt) >= SessionAbsolute
}

// AuditEvent is one line of the audit log: who did what to whom, and when.
// Staff are accountable, so staff events keep their precise time.
type AuditEvent struct {
	ID          int64 `gorm:"primaryKey;autoIncrement"`
	At          time.Time
	ActorID     *string
	ActorEmail  string
	Action      string
	TargetID    *string
	TargetEmail string
	Detail      string
	ItemID      *string // the moderation item the line is about, if any
}

func (AuditEvent) TableName() string { return "audit_events" }

// Audit actions.
const (
	AuditSignIn        = "signin.success"
	AuditSignInFailure = "signin.failure"
	AuditSignOut       = "signout"
	AuditUserCreate    = "user.create"
	AuditUserRoles     = "user.roles"
	AuditUserDisable   = "user.disable"
	AuditUserEnable    = "user.enable"
	AuditUserLink      = "user.link"
	AuditUserSetup     = "user.setup"
	AuditUserLanguages = "user.languages"
)

// ActionKey is the message id of the action's display name.
func (e AuditEvent) ActionKey() string { return "Audit_" + strings.ReplaceAll(e.Action, ".", "_") }

// DetailKey is the message id of a detail that is a reason code (sign-in
// failures), or "" when the detail is data such as a list of role codes.
func (e AuditEvent) DetailKey() string {
	if e.Action == AuditSignInFailure && e.Detail != "" {
		return "AuditReason_" + e.Detail
	}
	return ""
}

// SignInFailureReasons are the reason codes of failed sign-ins in the audit log.
var SignInFailureReasons = []string{"unknown_account", "account_disabled", "account_not_set_up",
	"wrong_password", "wrong_code", "totp_unreadable", "code_replayed"}
