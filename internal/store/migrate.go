package store

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"testing/fstest"
	"text/template"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// dialectSQL fills the placeholders that differ between the two databases.
type dialectSQL struct {
	PK       string // auto-increment primary key column type
	Time     string // timestamp column type
	Postgres bool
}

var dialects = map[Dialect]dialectSQL{
	Postgres: {PK: "BIGSERIAL PRIMARY KEY", Time: "TIMESTAMPTZ", Postgres: true},
	SQLite:   {PK: "INTEGER PRIMARY KEY AUTOINCREMENT", Time: "DATETIME"},
}

// migrationFS renders the embedded migration templates for one dialect.
func migrationFS(d Dialect) (fs.FS, error) {
	out := fstest.MapFS{}
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		src, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		tmpl, err := template.New(e.Name()).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, dialects[d]); err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b.Bytes(), Mode: 0o444}
	}
	return out, nil
}

func (s *Store) provider() (*goose.Provider, error) {
	fsys, err := migrationFS(s.Dialect)
	if err != nil {
		return nil, err
	}
	sqlDB, err := s.DB.DB()
	if err != nil {
		return nil, err
	}
	d := goose.DialectPostgres
	if s.Dialect == SQLite {
		d = goose.DialectSQLite3
	}
	return goose.NewProvider(d, sqlDB, fsys)
}

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
}

// Migrate applies every pending migration, each in its own transaction, and
// returns the versions it applied.
func (s *Store) Migrate(ctx context.Context) ([]int64, error) {
	p, err := s.provider()
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	applied := make([]int64, 0, len(res))
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// MigrationStatuses lists every known migration and whether it is applied.
func (s *Store) MigrationStatuses(ctx context.Context) ([]MigrationStatus, error) {
	p, err := s.provider()
	if err != nil {
		return nil, fmt.Errorf("store: status: %w", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, m := range st {
		out = append(out, MigrationStatus{
			Version: m.Source.Version,
			Name:    m.Source.Path,
			Applied: m.State == goose.StateApplied,
		})
	}
	return out, nil
}

// HasPendingMigrations reports whether the schema is behind the binary.
func (s *Store) HasPendingMigrations(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
