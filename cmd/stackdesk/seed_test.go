package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"stackdesk/internal/seed"
)

func seedEnv(t *testing.T) func(string) string {
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "seed.db"),
		"STACKDESK_BCRYPT_COST":  "4",
	}
	return func(k string) string { return env[k] }
}

func TestSeedCommandDemo(t *testing.T) {
	ctx := context.Background()
	getenv := seedEnv(t)
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo"}, getenv, &out, &errOut); err != nil {
		t.Fatalf("seed --demo: %v\n%s", err, errOut.String())
	}
	for _, l := range seed.DemoLogins {
		if !strings.Contains(out.String(), l.Username) || !strings.Contains(out.String(), l.Password) {
			t.Errorf("output lacks the login %s / %s:\n%s", l.Username, l.Password, out.String())
		}
	}
	err := run(ctx, []string{"seed", "--demo"}, getenv, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "already has questions") {
		t.Errorf("second seed --demo: err = %v, want a refusal", err)
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--synthetic", "300"}, getenv, &out, &errOut); err != nil {
		t.Fatalf("seed --synthetic: %v", err)
	}
	if !strings.Contains(out.String(), "seeded 300 posts") || !strings.Contains(out.String(), "posts/s") {
		t.Errorf("summary = %q", out.String())
	}
}

func TestSeedCommandFlags(t *testing.T) {
	for _, args := range [][]string{{}, {"--demo", "--synthetic", "5"}, {"--synthetic", "-1"}, {"--synthetic", "x"}, {"--demo", "extra"}} {
		var out, errOut bytes.Buffer
		if err := cmdSeed(context.Background(), args, seedEnv(t), &out, &errOut); err == nil {
			t.Errorf("seed %q: no error", args)
		}
	}
}

func TestPrintDemoLogins(t *testing.T) {
	var b bytes.Buffer
	printDemoLogins(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(seed.DemoLogins)+2 || !strings.Contains(lines[1], "PASSWORD") {
		t.Errorf("table:\n%s", b.String())
	}
}
