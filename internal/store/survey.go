package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

type consultationRow struct {
	ID        string `gorm:"primaryKey"`
	Slug      string
	Name      string // JSON model.Text
	StartsOn  string
	EndsOn    string
	Languages string // JSON []string
	CreatedAt time.Time
}

func (consultationRow) TableName() string { return "consultations" }

type surveyRow struct {
	ID             string `gorm:"primaryKey"`
	ConsultationID string
	Slug           string
	State          model.SurveyState
	Draft          string // JSON model.Definition being edited
	CurrentVersion int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (surveyRow) TableName() string { return "surveys" }

type versionRow struct {
	SurveyID    string `gorm:"primaryKey"`
	Version     int    `gorm:"primaryKey"`
	Definition  string
	PublishedOn string
}

func (versionRow) TableName() string { return "survey_versions" }

// Survey is a survey with its draft and, once published, its current version.
type Survey struct {
	ID             string
	ConsultationID string
	Slug           string
	State          model.SurveyState
	Draft          *model.Definition
	Version        int               // current published version; 0: never published
	Published      *model.Definition // the current published version
}

// Day is the UTC date of t, the only time respondent rows keep.
func Day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// CreateConsultation adds a consultation.
func (s *Store) CreateConsultation(ctx context.Context, actor *model.StaffUser, c *model.Consultation) error {
	if !model.SlugPattern.MatchString(c.Slug) {
		return model.Errorf(model.CodeUnprocessable, "SurveyBadSlug").WithData(map[string]any{"Slug": c.Slug})
	}
	if c.ID == "" {
		c.ID = uuid.NewString()
	}
	name, _ := json.Marshal(c.Name)
	langs, _ := json.Marshal(c.Languages)
	row := consultationRow{ID: c.ID, Slug: c.Slug, Name: string(name), StartsOn: c.StartsOn, EndsOn: c.EndsOn, Languages: string(langs), CreatedAt: s.clock.Now()}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&consultationRow{}).Where("slug = ?", c.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.CodeConflict, "ErrorSlugTaken")
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return s.auditNote(tx, actor, "consultation.create", c.Slug)
	})
}

// Consultations lists every consultation, newest first.
func (s *Store) Consultations(ctx context.Context) ([]model.Consultation, error) {
	var rows []consultationRow
	if err := s.db.WithContext(ctx).Order("starts_on DESC, slug").Find(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]model.Consultation, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// ConsultationBySlug finds a consultation.
func (s *Store) ConsultationBySlug(ctx context.Context, slug string) (*model.Consultation, error) {
	var r consultationRow
	if err := s.db.WithContext(ctx).Where("slug = ?", slug).Take(&r).Error; err != nil {
		return nil, dbError(err)
	}
	c := r.model()
	return &c, nil
}

func (r consultationRow) model() model.Consultation {
	c := model.Consultation{ID: r.ID, Slug: r.Slug, StartsOn: r.StartsOn, EndsOn: r.EndsOn}
	_ = json.Unmarshal([]byte(r.Name), &c.Name)
	_ = json.Unmarshal([]byte(r.Languages), &c.Languages)
	return c
}

// SaveSurvey creates a survey from a definition, or replaces the draft of the
// survey with the same slug. A published version is never touched: editing
// an open survey changes its draft, and publishing makes a new version.
func (s *Store) SaveSurvey(ctx context.Context, actor *model.StaffUser, consultationID string, d *model.Definition) (*Survey, error) {
	draft, err := json.Marshal(d)
	if err != nil {
		return nil, model.Internal(err)
	}
	var id string
	err = s.tx(ctx, func(tx *gorm.DB) error {
		now := s.clock.Now()
		var row surveyRow
		err := tx.Where("slug = ?", d.Slug).Take(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			row = surveyRow{ID: uuid.NewString(), ConsultationID: consultationID, Slug: d.Slug, State: model.SurveyDraft,
				Draft: string(draft), CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if row.State == model.SurveyArchived {
				return model.Errorf(model.CodeUnprocessable, "SurveyArchived")
			}
			if err := tx.Model(&row).Updates(map[string]any{"draft": string(draft), "updated_at": now}).Error; err != nil {
				return err
			}
		}
		id = row.ID
		return s.auditNote(tx, actor, "survey.save", d.Slug)
	})
	if err != nil {
		return nil, err
	}
	return s.SurveyByID(ctx, id)
}

// SurveyBySlug finds a survey with its draft and current version.
func (s *Store) SurveyBySlug(ctx context.Context, slug string) (*Survey, error) {
	return s.survey(ctx, "slug = ?", slug)
}

// SurveyByID finds a survey by id.
func (s *Store) SurveyByID(ctx context.Context, id string) (*Survey, error) {
	return s.survey(ctx, "id = ?", id)
}

func (s *Store) survey(ctx context.Context, where string, arg string) (*Survey, error) {
	var row surveyRow
	db := s.db.WithContext(ctx)
	if err := db.Where(where, arg).Take(&row).Error; err != nil {
		return nil, dbError(err)
	}
	sv := &Survey{ID: row.ID, ConsultationID: row.ConsultationID, Slug: row.Slug, State: row.State, Version: row.CurrentVersion}
	sv.Draft = &model.Definition{}
	if err := json.Unmarshal([]byte(row.Draft), sv.Draft); err != nil {
		return nil, model.Internal(err)
	}
	if row.CurrentVersion > 0 {
		d, err := s.version(db, row.ID, row.CurrentVersion)
		if err != nil {
			return nil, dbError(err)
		}
		sv.Published = d
	}
	return sv, nil
}

// SurveyVersion returns one published version of a survey.
func (s *Store) SurveyVersion(ctx context.Context, surveyID string, version int) (*model.Definition, error) {
	d, err := s.version(s.db.WithContext(ctx), surveyID, version)
	return d, dbError(err)
}

func (s *Store) version(db *gorm.DB, surveyID string, version int) (*model.Definition, error) {
	var v versionRow
	if err := db.Where("survey_id = ? AND version = ?", surveyID, version).Take(&v).Error; err != nil {
		return nil, err
	}
	d := &model.Definition{}
	if err := json.Unmarshal([]byte(v.Definition), d); err != nil {
		return nil, err
	}
	return d, nil
}

// Surveys lists surveys, optionally only those in one state, by slug.
func (s *Store) Surveys(ctx context.Context, state model.SurveyState) ([]*Survey, error) {
	var rows []surveyRow
	q := s.db.WithContext(ctx).Order("slug")
	if state != "" {
		q = q.Where("state = ?", state)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]*Survey, 0, len(rows))
	for _, r := range rows {
		sv, err := s.SurveyByID(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, sv)
	}
	return out, nil
}

// Publish freezes the draft as a new version and opens the survey. The caller
// has checked that the draft is valid and complete in its languages.
func (s *Store) Publish(ctx context.Context, actor *model.StaffUser, surveyID string) (int, error) {
	var version int
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var row surveyRow
		if err := tx.Where("id = ?", surveyID).Take(&row).Error; err != nil {
			return err
		}
		if row.State == model.SurveyArchived {
			return model.Errorf(model.CodeUnprocessable, "SurveyArchived")
		}
		version = row.CurrentVersion + 1
		v := versionRow{SurveyID: row.ID, Version: version, Definition: row.Draft, PublishedOn: Day(s.clock.Now())}
		if err := tx.Create(&v).Error; err != nil {
			return err
		}
		res := tx.Model(&surveyRow{}).Where("id = ? AND current_version = ?", row.ID, row.CurrentVersion).
			Updates(map[string]any{"current_version": version, "state": model.SurveyOpen, "updated_at": s.clock.Now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeConflict, "ErrorChanged")
		}
		return s.auditNote(tx, actor, "survey.publish", row.Slug)
	})
	return version, err
}

// SetSurveyState moves a survey along draft → open → closed → archived.
func (s *Store) SetSurveyState(ctx context.Context, actor *model.StaffUser, surveyID string, next model.SurveyState) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var row surveyRow
		if err := tx.Where("id = ?", surveyID).Take(&row).Error; err != nil {
			return err
		}
		if !row.State.CanBecome(next) || (next == model.SurveyOpen && row.CurrentVersion == 0) {
			return model.Errorf(model.CodeUnprocessable, "SurveyBadTransition").WithData(map[string]any{"From": string(row.State), "To": string(next)})
		}
		res := tx.Model(&surveyRow{}).Where("id = ? AND state = ?", row.ID, row.State).
			Updates(map[string]any{"state": next, "updated_at": s.clock.Now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeConflict, "ErrorChanged")
		}
		return s.auditNote(tx, actor, "survey."+string(next), row.Slug)
	})
}

// SurveyHead is a survey without its texts: enough for respondent pages,
// which take the published version's texts from a cache (a version never
// changes).
type SurveyHead struct {
	ID             string
	ConsultationID string
	Slug           string
	State          model.SurveyState
	Version        int
}

// SurveyHeadBySlug reads a survey's state and current version in one small
// query, without decoding any definition.
func (s *Store) SurveyHeadBySlug(ctx context.Context, slug string) (*SurveyHead, error) {
	var h SurveyHead
	err := s.db.WithContext(ctx).Model(&surveyRow{}).
		Select("id, consultation_id, slug, state, current_version AS version").
		Where("slug = ?", slug).Take(&h).Error
	if err != nil {
		return nil, dbError(err)
	}
	return &h, nil
}
