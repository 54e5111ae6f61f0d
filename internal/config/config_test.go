package config

import (
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	r, err := ParseRate("120/10m")
	if err != nil || r.Events != 120 || r.Per != 10*time.Minute {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, bad := range []string{"", "120", "0/1m", "x/1m", "5/", "5/-1s", "5/abc"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) accepted", bad)
		}
	}
}

func TestLoad(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	c, err := Load(env(map[string]string{"VOICE_LIMIT_RECEIPT": "3/1h", "VOICE_DRAFT_DAYS": "7", "VOICE_ADDR": "0.0.0.0:9000"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits["VOICE_LIMIT_RECEIPT"].Events != 3 || c.DraftDays != 7 || c.PublicURL != "http://localhost:9000" || c.Dialect != "sqlite" {
		t.Fatalf("loaded %+v", c)
	}
	for name, kv := range map[string]map[string]string{
		"ErrAddr":      {"VOICE_ADDR": "8080"},
		"ErrLimit":     {"VOICE_LIMIT_SUBMIT": "lots"},
		"ErrDraftDays": {"VOICE_DRAFT_DAYS": "0"},
		"ErrLogLevel":  {"VOICE_LOG_LEVEL": "loud"},
		"ErrDatabase":  {"VOICE_DATABASE_URL": "mysql://x"},
		"ErrMaxBody":   {"VOICE_MAX_BODY": "10"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(env(kv)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
