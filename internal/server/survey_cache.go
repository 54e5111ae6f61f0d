package server

import (
	"fmt"
	"sync"
	"time"

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
	seen     map[string]time.Time // when bySlug was last read from the database
	versions map[string]*model.Definition
	contacts map[string]supportEntry // support directory by language
}

type supportEntry struct {
	at     time.Time
	groups []supportGroup
}

func (c *surveyCache) support(lang string, ttl time.Duration) ([]supportGroup, bool) {
	if ttl <= 0 {
		return nil, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.contacts[lang]
	return e.groups, ok && time.Since(e.at) < ttl
}

func (c *surveyCache) putSupport(lang string, groups []supportGroup) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.contacts[lang] = supportEntry{at: time.Now(), groups: groups}
}

func newSurveyCache() *surveyCache {
	return &surveyCache{bySlug: map[string]*store.Survey{}, seen: map[string]time.Time{}, versions: map[string]*model.Definition{},
		contacts: map[string]supportEntry{}}
}

// fresh returns the survey under slug if it was read from the database less
// than ttl ago.
func (c *surveyCache) fresh(slug string, ttl time.Duration) *store.Survey {
	if ttl <= 0 {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if time.Since(c.seen[slug]) < ttl {
		return c.bySlug[slug]
	}
	return nil
}

func versionKey(surveyID string, version int) string { return fmt.Sprintf("%s@%d", surveyID, version) }

func (c *surveyCache) put(sv *store.Survey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bySlug[sv.Slug] = sv
	c.seen[sv.Slug] = time.Now()
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
