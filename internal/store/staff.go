package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

type signInLink struct {
	TokenHash string `gorm:"primaryKey"`
	UserID    string
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (signInLink) TableName() string { return "signin_links" }

// HashToken is how session ids and sign-in link tokens are kept: a database
// dump alone gives no way in.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateStaff adds a staff account and returns it with a one-time sign-in
// link token. actor is nil when the command line creates the account.
func (s *Store) CreateStaff(ctx context.Context, actor *model.StaffUser, email string, roles model.Roles, lang string) (*model.StaffUser, string, error) {
	email, err := model.NormalizeEmail(email)
	if err != nil {
		return nil, "", err
	}
	roles, err = model.NormalizeRoles(roles)
	if err != nil {
		return nil, "", err
	}
	now := s.clock.Now()
	u := &model.StaffUser{ID: uuid.NewString(), Email: email, Roles: roles, Language: lang, CreatedAt: now, UpdatedAt: now}
	var token string
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&model.StaffUser{}).Where("email = ?", email).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.CodeConflict, "ErrorEmailTaken")
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		if token, err = s.newLink(tx, u.ID); err != nil {
			return err
		}
		return s.audit(tx, actor, model.AuditUserCreate, u, roles.String())
	})
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// ReissueLink ends the account's sessions, clears its password and TOTP and
// returns a new sign-in link token: the person sets both again, so a reset
// never bypasses the second factor.
func (s *Store) ReissueLink(ctx context.Context, actor *model.StaffUser, userID string) (string, error) {
	var token string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		u, err := staffByID(tx, userID)
		if err != nil {
			return err
		}
		if err := tx.Model(u).Updates(map[string]any{"password_hash": "", "totp_secret": "", "totp_last_step": 0, "updated_at": s.clock.Now()}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&model.Session{}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&signInLink{}).Error; err != nil {
			return err
		}
		if token, err = s.newLink(tx, u.ID); err != nil {
			return err
		}
		return s.audit(tx, actor, model.AuditUserLink, u, "")
	})
	return token, err
}

func (s *Store) newLink(tx *gorm.DB, userID string) (string, error) {
	token := rand.Text() + rand.Text()
	link := signInLink{TokenHash: HashToken(token), UserID: userID, ExpiresAt: s.clock.Now().Add(model.SignInLinkTTL)}
	return token, tx.Create(&link).Error
}

// LinkUser returns the account a valid, unused, unexpired sign-in link
// belongs to.
func (s *Store) LinkUser(ctx context.Context, token string) (*model.StaffUser, error) {
	var u *model.StaffUser
	err := dbError(s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		link, err := s.validLink(tx, token)
		if err != nil {
			return err
		}
		u, err = staffByID(tx, link.UserID)
		return err
	}))
	return u, err
}

func (s *Store) validLink(tx *gorm.DB, token string) (*signInLink, error) {
	var link signInLink
	err := tx.Where("token_hash = ?", HashToken(token)).Take(&link).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && (link.UsedAt != nil || !s.clock.Now().Before(link.ExpiresAt))) {
		return nil, model.Errorf(model.CodeNotFound, "ErrorLinkInvalid")
	}
	return &link, err
}

// CompleteSetup uses a sign-in link: it stores the password hash and the
// sealed TOTP secret with the step of the code that proved it, and marks the
// link used. A link works once, even when two requests race.
func (s *Store) CompleteSetup(ctx context.Context, token, passwordHash, sealedTOTP string, step int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		link, err := s.validLink(tx, token)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		res := tx.Model(&signInLink{}).Where("token_hash = ? AND used_at IS NULL", link.TokenHash).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorLinkInvalid")
		}
		u, err := staffByID(tx, link.UserID)
		if err != nil {
			return err
		}
		if err := tx.Model(u).Updates(map[string]any{"password_hash": passwordHash, "totp_secret": sealedTOTP,
			"totp_last_step": step, "updated_at": now}).Error; err != nil {
			return err
		}
		return s.audit(tx, u, model.AuditUserSetup, u, "")
	})
}

// StaffByEmail finds an account by address.
func (s *Store) StaffByEmail(ctx context.Context, email string) (*model.StaffUser, error) {
	var u model.StaffUser
	err := s.db.WithContext(ctx).Where("email = ?", strings.ToLower(strings.TrimSpace(email))).Take(&u).Error
	if err != nil {
		return nil, dbError(err)
	}
	return &u, nil
}

// StaffByID finds an account by id.
func (s *Store) StaffByID(ctx context.Context, id string) (*model.StaffUser, error) {
	u, err := staffByID(s.db.WithContext(ctx), id)
	return u, dbError(err)
}

func staffByID(tx *gorm.DB, id string) (*model.StaffUser, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	var u model.StaffUser
	if err := tx.Where("id = ?", id).Take(&u).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// ListStaff returns every staff account by address.
func (s *Store) ListStaff(ctx context.Context) ([]model.StaffUser, error) {
	var us []model.StaffUser
	err := s.db.WithContext(ctx).Order("email").Find(&us).Error
	return us, dbError(err)
}

// SetRoles changes an account's roles. The last enabled admin keeps the
// admin role, so the platform can always be administered.
func (s *Store) SetRoles(ctx context.Context, actor *model.StaffUser, userID string, roles model.Roles) error {
	roles, err := model.NormalizeRoles(roles)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		u, err := staffByID(tx, userID)
		if err != nil {
			return err
		}
		if u.Roles.Has(model.RoleAdmin) && !roles.Has(model.RoleAdmin) && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return err
			}
		}
		old := u.Roles.String()
		if err := tx.Model(u).Updates(map[string]any{"roles": roles.String(), "updated_at": s.clock.Now()}).Error; err != nil {
			return err
		}
		return s.audit(tx, actor, model.AuditUserRoles, u, old+" → "+roles.String())
	})
}

// SetDisabled disables an account, ending its sessions at once, or enables it.
func (s *Store) SetDisabled(ctx context.Context, actor *model.StaffUser, userID string, disabled bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		u, err := staffByID(tx, userID)
		if err != nil {
			return err
		}
		if disabled && u.Roles.Has(model.RoleAdmin) && !u.Disabled {
			if err := keepAnAdmin(tx, u.ID); err != nil {
				return err
			}
		}
		if err := tx.Model(u).Updates(map[string]any{"disabled": disabled, "updated_at": s.clock.Now()}).Error; err != nil {
			return err
		}
		action := model.AuditUserEnable
		if disabled {
			action = model.AuditUserDisable
			if err := tx.Where("user_id = ?", u.ID).Delete(&model.Session{}).Error; err != nil {
				return err
			}
		}
		return s.audit(tx, actor, action, u, "")
	})
}

// keepAnAdmin refuses a change that would leave no enabled admin but userID.
func keepAnAdmin(tx *gorm.DB, userID string) error {
	var others []model.StaffUser
	if err := tx.Where("disabled = ? AND id <> ?", false, userID).Find(&others).Error; err != nil {
		return err
	}
	for _, o := range others {
		if o.Roles.Has(model.RoleAdmin) {
			return nil
		}
	}
	return model.Errorf(model.CodeUnprocessable, "ErrorLastAdmin")
}

// SetLanguage stores the language a staff member reads the staff pages in.
func (s *Store) SetLanguage(ctx context.Context, userID, lang string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&model.StaffUser{}).Where("id = ?", userID).
			Updates(map[string]any{"language": lang, "updated_at": s.clock.Now()}).Error
	})
}

// SetModeratorLanguages changes the languages a staff member moderates in.
func (s *Store) SetModeratorLanguages(ctx context.Context, actor *model.StaffUser, userID string, langs model.Languages) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		u, err := staffByID(tx, userID)
		if err != nil {
			return err
		}
		old := u.Languages.String()
		if err := tx.Model(u).Updates(map[string]any{"languages": langs.String(), "updated_at": s.clock.Now()}).Error; err != nil {
			return err
		}
		return s.audit(tx, actor, model.AuditUserLanguages, u, old+" → "+langs.String())
	})
}
