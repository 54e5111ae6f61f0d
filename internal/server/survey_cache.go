package server

import (
	"fmt"
	"sync"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// surveyCache keeps the last survey seen under each slug and every published
// version (which never changes). It holds no respondent data. With it, a
// respondent who is mid-way can go on between pages while the database is
// down, and one who submits then is shown their answers again instead of an
// error page.
type surveyCache struct {
	mu       sync.RWMutex
	bySlug   map[string]*store.Survey
	versions map[string]*model.Definition
}

func newSurveyCache() *surveyCache {
	return &surveyCache{bySlug: map[string]*store.Survey{}, versions: map[string]*model.Definition{}}
}

func versionKey(surveyID string, version int) string { return fmt.Sprintf("%s@%d", surveyID, version) }

func (c *surveyCache) put(sv *store.Survey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bySlug[sv.Slug] = sv
	if sv.Published != nil {
		c.versions[versionKey(sv.ID, sv.Version)] = sv.Published
	}
}

func (c *surveyCache) putVersion(surveyID string, version int, d *model.Definition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.versions[versionKey(surveyID, version)] = d
}

func (c *surveyCache) survey(slug string) *store.Survey {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.bySlug[slug]
}

func (c *surveyCache) version(surveyID string, version int) *model.Definition {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.versions[versionKey(surveyID, version)]
}
