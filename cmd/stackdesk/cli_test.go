package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs one command line against a SQLite database in dir.
func cli(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
		"STACKDESK_BCRYPT_COST":  "4",
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	out, err := cli(t, dir, "migrate", "up")
	if err != nil || !strings.Contains(out, "applied migration 00001") {
		t.Fatalf("migrate up: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "migrate", "status"); err != nil || !strings.Contains(out, "00002  applied") {
		t.Fatalf("migrate status: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "user", "create", "--username", "root.admin", "--email", "root@example.com", "--password", "long enough pw", "--role", "admin"); err != nil || !strings.Contains(out, "created user 1 root.admin (admin)") {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	if _, err = cli(t, dir, "user", "create", "--username", "x", "--email", "bad", "--password", "short", "--role", "king"); err == nil {
		t.Fatal("bad user accepted")
	}
	if out, err = cli(t, dir, "seed", "--demo"); err != nil || !strings.Contains(out, "admin-demo") && !strings.Contains(out, "questions") {
		t.Fatalf("seed --demo: %v\n%s", err, out)
	}
	if _, err = cli(t, dir, "seed", "--demo"); err == nil {
		t.Fatal("a second demo seed was accepted")
	}
	if out, err = cli(t, dir, "check"); err != nil || !strings.Contains(out, "no drift") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "reindex"); err != nil || !strings.Contains(out, "reindexed 32 questions") {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	if entries, err := os.ReadDir(filepath.Join(dir, "index", "questions")); err != nil || len(entries) == 0 {
		t.Fatalf("no index written: %v", err)
	}
	if _, err = cli(t, dir, "frobnicate"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestBadConfigurationIsOneLine(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"migrate"}, func(k string) string {
		if k == "STACKDESK_DATABASE_URL" {
			return "mysql://nope"
		}
		return ""
	}, &out, &out)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "STACKDESK_DATABASE_URL") {
		t.Fatalf("err = %v", err)
	}
}
