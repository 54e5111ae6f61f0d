package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// SupportContact is one entry of the support directory that admins keep:
// where a respondent can find help, by country and language.
type SupportContact struct {
	ID          string `gorm:"primaryKey"`
	Country     string // ISO 3166-1 alpha-2, or "" for everywhere
	Language    string
	Name        string
	Contact     string // phone, address or web site, as written
	Description string
	CreatedAt   time.Time
}

func (SupportContact) TableName() string { return "support_contacts" }

// SupportContacts lists the directory entries in a language, by country.
func (s *Store) SupportContacts(ctx context.Context, lang string) ([]SupportContact, error) {
	var cs []SupportContact
	q := s.db.WithContext(ctx).Order("country, name")
	if lang != "" {
		q = q.Where("language = ?", lang)
	}
	return cs, dbError(q.Find(&cs).Error)
}

// AddSupportContact adds a directory entry.
func (s *Store) AddSupportContact(ctx context.Context, actor *model.StaffUser, c *SupportContact) error {
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	c.Name, c.Contact = strings.TrimSpace(c.Name), strings.TrimSpace(c.Contact)
	if c.Name == "" || c.Contact == "" || (c.Country != "" && len(c.Country) != 2) {
		return model.Errorf(model.CodeUnprocessable, "SupportContactInvalid")
	}
	c.ID, c.CreatedAt = uuid.NewString(), s.clock.Now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return s.auditNote(tx, actor, "support.add", c.Name)
	})
}

// DeleteSupportContact removes a directory entry.
func (s *Store) DeleteSupportContact(ctx context.Context, actor *model.StaffUser, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ?", id).Delete(&SupportContact{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return s.auditNote(tx, actor, "support.delete", id)
	})
}
