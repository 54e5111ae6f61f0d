// Package config reads Survivor Voice's configuration from the environment.
// Every secret can also be given as a file (VOICE_*_FILE). With no
// configuration the platform runs on SQLite in ./data and makes its own
// secrets there on first run.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// Var documents one environment variable for `voice serve --help`.
type Var struct {
	Name, Default, Help string
}

// Vars lists every variable the platform reads.
func Vars() []Var {
	return []Var{
		{"VOICE_ADDR", "127.0.0.1:8080", "address the web server listens on"},
		{"VOICE_DATA_DIR", "./data", "folder for the SQLite database and generated secrets"},
		{"VOICE_DATABASE_URL", "SQLite at $VOICE_DATA_DIR/voice.db", "postgres://… for PostgreSQL, or sqlite:PATH"},
		{"VOICE_PUBLIC_URL", "http://$VOICE_ADDR", "the address people use, for sign-in links; https turns on HSTS"},
		{"VOICE_METRICS_ADDR", "(none)", "address of the Prometheus /metrics listener; unset: no metrics"},
		{"VOICE_EXIT_URL", "https://www.wikipedia.org/", "the neutral page the quick-exit control opens"},
		{"VOICE_MAX_BODY", "1048576", "largest request body in bytes (413 beyond)"},
		{"VOICE_LOG_LEVEL", "info", "debug, info, warn or error; debug also logs respondent requests"},
		{"VOICE_DRAFT_DAYS", "30", "days a respondent's saved, unsent answers are kept"},
		{"VOICE_LIMIT_SUBMIT", "120/10m", "respondent form posts per client (keyed hash of the address, daily salt, memory only)"},
		{"VOICE_LIMIT_SUBMIT_GLOBAL", "6000/1m", "respondent form posts in all"},
		{"VOICE_LIMIT_RECEIPT", "10/10m", "receipt look-ups per client"},
		{"VOICE_LIMIT_RECEIPT_GLOBAL", "300/1m", "receipt look-ups in all"},
		{"VOICE_PEPPER / VOICE_PEPPER_FILE", "generated in the data folder on SQLite", "server secret (at least 32 bytes) for keyed hashes; required on PostgreSQL"},
		{"VOICE_SEAL_KEYS / VOICE_SEAL_KEYS_FILE", "generated in the data folder on SQLite", "data keys for sealed text, id:base64,… (first is active); required on PostgreSQL"},
		{"VOICE_SMTP_ADDR", "(none)", "host:port of the SMTP server for the moderators' count-only email; unset: no email"},
		{"VOICE_SMTP_FROM", "(none)", "sender of that email, e.g. Survivor Voice <noreply@example.org>; required with VOICE_SMTP_ADDR"},
		{"VOICE_SMTP_USERNAME", "(none)", "user name for SMTP authentication (PLAIN, over STARTTLS); unset: none"},
		{"VOICE_SMTP_PASSWORD / VOICE_SMTP_PASSWORD_FILE", "(none)", "password for SMTP authentication; required with VOICE_SMTP_USERNAME"},
		{"VOICE_NOTICE_EVERY", "1h", "how often moderators may be emailed how many items wait in their languages (at least 1m)"},
	}
}

// Config is the platform's configuration.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	Dialect     store.Dialect
	PublicURL   string
	MetricsAddr string
	ExitURL     string
	MaxBody     int64
	LogLevel    slog.Level
	DraftDays   int
	Limits      map[string]privacy.Rate // by variable name; absent: the default

	// The moderators' count-only email; SMTPAddr "" means no email.
	SMTPAddr, SMTPFrom, SMTPUsername, SMTPPassword string
	NoticeEvery                                    time.Duration

	env func(string) string
}

// Load reads the configuration; getenv is os.Getenv outside tests.
func Load(getenv func(string) string) (*Config, error) {
	c := &Config{
		Addr:        or(getenv("VOICE_ADDR"), "127.0.0.1:8080"),
		DataDir:     or(getenv("VOICE_DATA_DIR"), "data"),
		PublicURL:   getenv("VOICE_PUBLIC_URL"),
		MetricsAddr: getenv("VOICE_METRICS_ADDR"),
		ExitURL:     getenv("VOICE_EXIT_URL"),
		MaxBody:     1 << 20,
		env:         getenv,
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, fmt.Errorf("VOICE_ADDR %q: want host:port", c.Addr)
	}
	c.DatabaseURL = or(getenv("VOICE_DATABASE_URL"), "sqlite:"+filepath.Join(c.DataDir, "voice.db"))
	d, _, err := store.ParseURL(c.DatabaseURL)
	if err != nil {
		return nil, err
	}
	c.Dialect = d
	if c.PublicURL == "" {
		host, port, _ := net.SplitHostPort(c.Addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.PublicURL = "http://" + net.JoinHostPort(host, port)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if v := getenv("VOICE_MAX_BODY"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return nil, fmt.Errorf("VOICE_MAX_BODY %q: want a number of bytes, at least 1024", v)
		}
		c.MaxBody = n
	}
	if v := getenv("VOICE_DRAFT_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 365 {
			return nil, fmt.Errorf("VOICE_DRAFT_DAYS %q: want a number of days from 1 to 365", v)
		}
		c.DraftDays = n
	}
	c.Limits = map[string]privacy.Rate{}
	for _, name := range []string{"VOICE_LIMIT_SUBMIT", "VOICE_LIMIT_SUBMIT_GLOBAL", "VOICE_LIMIT_RECEIPT", "VOICE_LIMIT_RECEIPT_GLOBAL"} {
		if v := getenv(name); v != "" {
			r, err := ParseRate(v)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %w", name, v, err)
			}
			c.Limits[name] = r
		}
	}
	if v := getenv("VOICE_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("VOICE_LOG_LEVEL %q: want debug, info, warn or error", v)
		}
	}
	if err := c.loadSMTP(getenv); err != nil {
		return nil, err
	}
	return c, nil
}

// loadSMTP reads the SMTP settings of the moderators' email. Any of them
// without VOICE_SMTP_ADDR is an error rather than silently no email.
func (c *Config) loadSMTP(getenv func(string) string) error {
	c.SMTPAddr = strings.TrimSpace(getenv("VOICE_SMTP_ADDR"))
	c.SMTPFrom = strings.TrimSpace(getenv("VOICE_SMTP_FROM"))
	c.SMTPUsername = getenv("VOICE_SMTP_USERNAME")
	c.NoticeEvery = time.Hour
	if v := getenv("VOICE_NOTICE_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return fmt.Errorf("VOICE_NOTICE_EVERY %q: want a duration of at least 1m, e.g. 1h or 30m", v)
		}
		c.NoticeEvery = d
	}
	password, err := valueOrFile(getenv, "VOICE_SMTP_PASSWORD")
	if err != nil {
		return err
	}
	c.SMTPPassword = password
	if c.SMTPAddr == "" {
		for _, name := range []string{"VOICE_SMTP_FROM", "VOICE_SMTP_USERNAME", "VOICE_SMTP_PASSWORD", "VOICE_SMTP_PASSWORD_FILE"} {
			if getenv(name) != "" {
				return fmt.Errorf("%s is set but VOICE_SMTP_ADDR is not: set VOICE_SMTP_ADDR to send email", name)
			}
		}
		return nil
	}
	if host, port, err := net.SplitHostPort(c.SMTPAddr); err != nil || host == "" || port == "" {
		return fmt.Errorf("VOICE_SMTP_ADDR %q: want host:port, e.g. smtp.example.org:587", c.SMTPAddr)
	}
	if c.SMTPFrom == "" {
		return errors.New("VOICE_SMTP_FROM is required with VOICE_SMTP_ADDR")
	}
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		return fmt.Errorf("VOICE_SMTP_FROM %q: want an address such as noreply@example.org or Survivor Voice <noreply@example.org>", c.SMTPFrom)
	}
	if c.SMTPUsername != "" && c.SMTPPassword == "" {
		return errors.New("VOICE_SMTP_PASSWORD or VOICE_SMTP_PASSWORD_FILE is required with VOICE_SMTP_USERNAME")
	}
	if c.SMTPUsername == "" && c.SMTPPassword != "" {
		return errors.New("VOICE_SMTP_USERNAME is required with VOICE_SMTP_PASSWORD")
	}
	return nil
}

// valueOrFile reads the secret NAME, else the file named by NAME_FILE;
// surrounding whitespace is dropped. Neither set: "".
func valueOrFile(getenv func(string) string, name string) (string, error) {
	if v := strings.TrimSpace(getenv(name)); v != "" {
		return v, nil
	}
	p := getenv(name + "_FILE")
	if p == "" {
		return "", nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Secrets are the server secrets kept outside the database.
type Secrets struct {
	Pepper    []byte
	Keyring   *privacy.Keyring
	Generated []string // files written on this start, if any
}

// Secrets reads the secrets. On SQLite, missing secrets are generated into the
// data folder (mode 0600) on first run; on PostgreSQL they must be supplied.
func (c *Config) Secrets() (*Secrets, error) {
	s := &Secrets{}
	pepper, err := c.secret("VOICE_PEPPER", "pepper", func() (string, error) {
		b := make([]byte, 32)
		rand.Read(b)
		return base64.StdEncoding.EncodeToString(b), nil
	}, s)
	if err != nil {
		return nil, err
	}
	if len(pepper) < 32 {
		return nil, errors.New("VOICE_PEPPER must be at least 32 bytes")
	}
	s.Pepper = []byte(pepper)
	keys, err := c.secret("VOICE_SEAL_KEYS", "seal.keys", privacy.GenerateKeyring, s)
	if err != nil {
		return nil, err
	}
	if s.Keyring, err = privacy.ParseKeyring(keys); err != nil {
		return nil, fmt.Errorf("VOICE_SEAL_KEYS: %w", err)
	}
	return s, nil
}

// secret reads NAME, else NAME_FILE, else (SQLite only) the file in the data
// folder, generating it when absent.
func (c *Config) secret(name, file string, generate func() (string, error), s *Secrets) (string, error) {
	if v := strings.TrimSpace(c.env(name)); v != "" {
		return v, nil
	}
	if p := c.env(name + "_FILE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if c.Dialect == store.Postgres {
		return "", fmt.Errorf("%s or %s_FILE is required with PostgreSQL: secrets are never generated for a shared database", name, name)
	}
	path := filepath.Join(c.DataDir, file)
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return "", err
	}
	v, err := generate()
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(v + "\n"); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	s.Generated = append(s.Generated, path)
	return v, f.Close()
}

// ParseRate reads a rate limit written as EVENTS/DURATION, e.g. 120/10m.
func ParseRate(s string) (privacy.Rate, error) {
	n, d, ok := strings.Cut(s, "/")
	events, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || events < 1 {
		return privacy.Rate{}, errors.New("want EVENTS/DURATION, e.g. 120/10m")
	}
	per, err := time.ParseDuration(strings.TrimSpace(d))
	if err != nil || per <= 0 {
		return privacy.Rate{}, errors.New("want EVENTS/DURATION, e.g. 120/10m")
	}
	return privacy.Rate{Events: events, Per: per}, nil
}
