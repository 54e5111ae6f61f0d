// Package store keeps Survivor Voice's data with GORM on PostgreSQL or SQLite.
// Public methods take a context and own their transaction; lower-case helpers
// take the *gorm.DB of the transaction they run in.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/migrations"
)

// Dialect names the database in use.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Store is the database.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect Dialect
	clock   model.Clock
}

// Options tune Open.
type Options struct {
	Clock model.Clock // defaults to model.SystemClock
}

// ParseURL tells which database a VOICE_DATABASE_URL names. Accepted forms are
// postgres://…, postgresql://…, sqlite:PATH and a bare file path.
func ParseURL(raw string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return "", "", errors.New("VOICE_DATABASE_URL is not a valid URL")
		}
		return Postgres, raw, nil
	case strings.HasPrefix(raw, "sqlite:"):
		p := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if p == "" {
			return "", "", errors.New("VOICE_DATABASE_URL sqlite: needs a file path")
		}
		return SQLite, p, nil
	case strings.Contains(raw, "://"):
		return "", "", errors.New("VOICE_DATABASE_URL must start with postgres://, postgresql:// or sqlite:")
	case raw == "":
		return "", "", errors.New("VOICE_DATABASE_URL is empty")
	default:
		return SQLite, raw, nil
	}
}

// Open connects to the database named by rawURL (see ParseURL). It does not
// migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	dialect, dsn, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var dialector gorm.Dialector
	switch dialect {
	case Postgres:
		dialector = postgres.New(postgres.Config{DSN: dsn})
	case SQLite:
		if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
		// WAL for concurrent readers, FULL sync so an acknowledged commit
		// survives power loss, immediate transactions so writers queue on
		// busy_timeout instead of failing on lock upgrade.
		dialector = sqlite.Open("file:" + dsn +
			"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
			"&_pragma=busy_timeout(10000)&_txlock=immediate")
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		sqlDB.SetMaxOpenConns(8)
		if err := os.Chmod(dsn, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	} else {
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	s := &Store{db: db, sqlDB: sqlDB, dialect: dialect, clock: opts.Clock}
	if s.clock == nil {
		s.clock = model.SystemClock{}
	}
	if err := s.Ping(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// Dialect tells which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// SQLDB is the connection pool, for metrics.
func (s *Store) SQLDB() *sql.DB { return s.sqlDB }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.clock.Now() }

// Close closes the connection pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return &model.Error{Code: model.CodeUnavailable, Key: "ErrorUnavailable", Cause: err}
	}
	return nil
}

func (s *Store) migrations() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, string(s.dialect))
	if err != nil {
		return nil, err
	}
	d := goose.DialectPostgres
	if s.dialect == SQLite {
		d = goose.DialectSQLite3
	}
	return goose.NewProvider(d, s.sqlDB, sub)
}

// MigrateTo applies the pending migrations up to version only. Tests use it
// to check that a migration carries existing rows forward.
func (s *Store) MigrateTo(ctx context.Context, version int64) (int, error) {
	p, err := s.migrations()
	if err != nil {
		return 0, err
	}
	res, err := p.UpTo(ctx, version)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns how many it applied.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	p, err := s.migrations()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// SchemaVersion returns the applied and the latest known schema versions.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := s.migrations()
	if err != nil {
		return 0, 0, err
	}
	return p.GetVersions(ctx)
}

// CheckDurability refuses a PostgreSQL server that could lose acknowledged
// commits: fsync, synchronous_commit and full_page_writes must all be on.
func (s *Store) CheckDurability(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	var off []string
	for _, name := range []string{"fsync", "synchronous_commit", "full_page_writes"} {
		var v string
		if err := s.db.WithContext(ctx).Raw("SELECT current_setting(?)", name).Scan(&v).Error; err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if v == "off" {
			off = append(off, name)
		}
	}
	if len(off) > 0 {
		return fmt.Errorf("PostgreSQL has %s off: acknowledged submissions could be lost; turn it on", strings.Join(off, ", "))
	}
	return nil
}

// tx runs fn in one transaction and turns database failures into domain
// errors: unreachable database → unavailable, others → internal.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return dbError(s.db.WithContext(ctx).Transaction(fn))
}

// dbError maps a database error to a domain error, keeping domain errors.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var de *model.Error
	if errors.As(err, &de) {
		return de
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	if isUnavailable(err) {
		return &model.Error{Code: model.CodeUnavailable, Key: "ErrorUnavailable", Cause: err}
	}
	return model.Internal(err)
}

func isUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "failed to connect", "conn closed", "broken pipe",
		"database is closed", "connection reset", "server closed", "no such host", "database is locked", "i/o timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
