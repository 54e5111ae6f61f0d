package config

import (
	"os"
	"path/filepath"
	"strings"
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

func TestLoadSMTP(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	t.Run("OffByDefault", func(t *testing.T) {
		c, err := Load(env(nil))
		if err != nil || c.SMTPAddr != "" || c.NoticeEvery != time.Hour {
			t.Fatalf("loaded %+v, %v", c, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "smtp-password")
		if err := os.WriteFile(file, []byte("s3cret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(env(map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587", "VOICE_SMTP_FROM": "Survivor Voice <noreply@example.org>",
			"VOICE_SMTP_USERNAME": "voice", "VOICE_SMTP_PASSWORD_FILE": file, "VOICE_NOTICE_EVERY": "30m"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.SMTPAddr != "smtp.example.org:587" || c.SMTPFrom != "Survivor Voice <noreply@example.org>" || c.SMTPUsername != "voice" ||
			c.SMTPPassword != "s3cret" || c.NoticeEvery != 30*time.Minute {
			t.Fatalf("loaded %+v", c)
		}
	})
	for name, tc := range map[string]struct {
		kv   map[string]string
		want string // the variable the error names
	}{
		"ErrFromMissing":       {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587"}, "VOICE_SMTP_FROM"},
		"ErrFromInvalid":       {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587", "VOICE_SMTP_FROM": "not an address"}, "VOICE_SMTP_FROM"},
		"ErrAddrNoPort":        {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org", "VOICE_SMTP_FROM": "a@example.org"}, "VOICE_SMTP_ADDR"},
		"ErrAddrMissing":       {map[string]string{"VOICE_SMTP_FROM": "a@example.org"}, "VOICE_SMTP_ADDR"},
		"ErrPasswordMissing":   {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587", "VOICE_SMTP_FROM": "a@example.org", "VOICE_SMTP_USERNAME": "u"}, "VOICE_SMTP_PASSWORD"},
		"ErrUsernameMissing":   {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587", "VOICE_SMTP_FROM": "a@example.org", "VOICE_SMTP_PASSWORD": "p"}, "VOICE_SMTP_USERNAME"},
		"ErrPasswordFile":      {map[string]string{"VOICE_SMTP_ADDR": "smtp.example.org:587", "VOICE_SMTP_FROM": "a@example.org", "VOICE_SMTP_USERNAME": "u", "VOICE_SMTP_PASSWORD_FILE": "/nonexistent/x"}, "VOICE_SMTP_PASSWORD_FILE"},
		"ErrNoticeEveryShort":  {map[string]string{"VOICE_NOTICE_EVERY": "30s"}, "VOICE_NOTICE_EVERY"},
		"ErrNoticeEveryNotDur": {map[string]string{"VOICE_NOTICE_EVERY": "hourly"}, "VOICE_NOTICE_EVERY"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(tc.kv))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

// Every variable Load reads is listed for `voice serve --help`.
func TestVarsListSMTP(t *testing.T) {
	var all strings.Builder
	for _, v := range Vars() {
		all.WriteString(v.Name + "\n")
	}
	for _, name := range []string{"VOICE_SMTP_ADDR", "VOICE_SMTP_FROM", "VOICE_SMTP_USERNAME", "VOICE_SMTP_PASSWORD", "VOICE_SMTP_PASSWORD_FILE", "VOICE_NOTICE_EVERY"} {
		if !strings.Contains(all.String(), name) {
			t.Errorf("Vars lacks %s", name)
		}
	}
}
