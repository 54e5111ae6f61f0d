package store

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// CreateSurvey adds a new draft survey to a consultation. Unlike SaveSurvey
// it never replaces an existing survey: a slug in use is a conflict.
func (s *Store) CreateSurvey(ctx context.Context, actor *model.StaffUser, consultationID string, d *model.Definition) (*Survey, error) {
	draft, err := json.Marshal(d)
	if err != nil {
		return nil, model.Internal(err)
	}
	id := uuid.NewString()
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&consultationRow{}).Where("id = ?", consultationID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		if err := tx.Model(&surveyRow{}).Where("slug = ?", d.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.CodeConflict, "ErrorSlugTaken")
		}
		now := s.clock.Now()
		row := surveyRow{ID: id, ConsultationID: consultationID, Slug: d.Slug, State: model.SurveyDraft,
			Draft: string(draft), CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return s.auditNote(tx, actor, "survey.save", d.Slug)
	})
	if err != nil {
		if isUniqueViolation(err) {
			return nil, model.Errorf(model.CodeConflict, "ErrorSlugTaken")
		}
		return nil, err
	}
	return s.SurveyByID(ctx, id)
}

// ConsultationByID finds a consultation by id.
func (s *Store) ConsultationByID(ctx context.Context, id string) (*model.Consultation, error) {
	var r consultationRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, dbError(err)
	}
	c := r.model()
	return &c, nil
}
