package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// cli runs one command line against a SQLite database in dir.
func cli(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	return cliEnv(t, dir, nil, args...)
}

// cliEnv is cli with more settings in the environment.
func cliEnv(t *testing.T, dir string, extra map[string]string, args ...string) (string, error) {
	t.Helper()
	env := map[string]string{
		"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "db.sqlite"),
		"STACKDESK_INDEX_DIR":    filepath.Join(dir, "index"),
		"STACKDESK_BCRYPT_COST":  "4",
	}
	for k, v := range extra {
		env[k] = v
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
	} else if msg := describe(err); !strings.Contains(msg, "\n  --role: Unknown role: use user, moderator, analyst, admin or hotline.") ||
		!strings.Contains(msg, "\n  --email: ") || strings.Contains(msg, "marked fields") {
		t.Fatalf("refused user for a terminal:\n%s", msg)
	}
	if _, err = cli(t, dir, "user", "create", "--username", "zorbexqua", "--email", "zorbexqua@example.com", "--password", "zorbexqua1", "--role", "admin"); err == nil {
		t.Fatal("a password made of the username accepted")
	} else if msg := describe(err); !strings.Contains(msg, "\n  --password: This password is too common or too easy to guess") {
		t.Fatalf("refused password for a terminal:\n%s", msg)
	}
	if _, err = cli(t, dir, "reindex", "-h"); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("reindex -h: %v", err)
	}
	if _, err = cli(t, dir, "reindex", "--bogus"); err == nil {
		t.Fatal("reindex --bogus ran")
	}
	if _, err = cli(t, dir, "check", "-h"); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("check -h: %v", err)
	}
	if _, err = cliEnv(t, dir, map[string]string{"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "typo", "x.db")}, "check"); err == nil ||
		!strings.Contains(err.Error(), "no database at") {
		t.Fatalf("check of a database that is not there: %v", err)
	}
	out, err = cliEnv(t, dir, map[string]string{"STACKDESK_BASE_URL": "https://help.example.com/"}, "user", "password-link", "--username", "Root.Admin")
	if err != nil || !regexp.MustCompile(`^https://help\.example\.com/password/pwl_[A-Za-z0-9_-]{43}\nvalid once, until `).MatchString(out) {
		t.Fatalf("user password-link: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "user", "password-link", "--username", "nobody"); err == nil || !strings.Contains(err.Error(), `no user "nobody"`) {
		t.Fatalf("password-link for no user: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "user", "create", "--username", "ada", "--email", "ada@example.com", "--password", "long enough pw"); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "user", "role", "--username", "Ada", "--role", "analyst"); err != nil || out != "user 2 ada: analyst (was user)\n" {
		t.Fatalf("user role: %v\n%q", err, out)
	}
	// Both the account made on the command line, with its role, and the
	// role change are on record, the command line (no user) as actor.
	auditLog(t, dir, "account.create admin 1 <nil>", "password_link expires * 1 <nil>", "account.create user 2 <nil>", "role user → analyst 2 <nil>")
	if out, err = cli(t, dir, "user", "role", "--username", "root.admin", "--role", "user"); err == nil || !strings.Contains(describe(err), "only administrator") {
		t.Fatalf("the only admin stepping down: %v\n%s", err, out)
	}
	if _, err = cli(t, dir, "user", "role", "--username", "ada", "--role", "king"); err == nil || !strings.Contains(describe(err), "Unknown role") {
		t.Fatalf("user role king: %v", err)
	}
	if _, err = cli(t, dir, "user", "role", "--username", "nobody", "--role", "user"); err == nil || !strings.Contains(err.Error(), `no user "nobody"`) {
		t.Fatalf("user role for no user: %v", err)
	}
	if out, err = cli(t, dir, "user", "deactivate", "--username", "ada"); err != nil || !strings.HasPrefix(out, "user 2 ada: deactivated") {
		t.Fatalf("user deactivate: %v\n%q", err, out)
	}
	if out, err = cli(t, dir, "user", "deactivate", "--username", "root.admin"); err == nil || !strings.Contains(describe(err), "only active administrator") {
		t.Fatalf("the only admin deactivated: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "user", "reactivate", "--username", "ada"); err != nil || out != "user 2 ada: active\n" {
		t.Fatalf("user reactivate: %v\n%q", err, out)
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
	// A file that breaks off is told in the summary. Written to a file
	// (not a terminal), the progress is one line per file, no bar.
	out, err = cliEnv(t, dir, map[string]string{"STACKDESK_DATABASE_URL": "sqlite://" + filepath.Join(dir, "imported.sqlite")},
		"import-se", filepath.Join("..", "..", "testdata", "se-truncated"))
	if err == nil || !regexp.MustCompile(`Posts\.xml: reading 0\.0 MB\n`).MatchString(out) ||
		!strings.Contains(out, "error: Posts.xml:6: file is truncated") || strings.Contains(out, "\r") {
		t.Fatalf("import of a truncated dump: %v\n%q", err, out)
	}
	if _, err = cli(t, dir, "frobnicate"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

// auditLog checks the audit log of the database in dir, entry by entry in
// order, as "action detail target actor".
func auditLog(t *testing.T, dir string, want ...string) {
	t.Helper()
	st, err := store.Open(context.Background(), "sqlite://"+filepath.Join(dir, "db.sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var entries []store.AuditEntry
	if err := st.DB.Order("id").Find(&entries).Error; err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		actor := "<nil>"
		if e.ActorID != nil {
			actor = fmt.Sprint(*e.ActorID)
		}
		target := "<nil>"
		if e.TargetID != nil {
			target = fmt.Sprint(*e.TargetID)
		}
		detail := e.Detail
		if e.Action == "password_link" {
			detail = "expires *"
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", e.Action, detail, target, actor))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWrongCommandLines: a command line that is wrong (an unknown command or
// flag, an argument a command does not take, a flag out of range, missing
// or with a value refused before anything runs) is a
// usage error, which main exits 2 for, before anything runs; help is no
// error at all.
func TestWrongCommandLines(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"frobnicate"}, {}, {"serve", "extra"}, {"serve", "--bogus"}, {"check", "extra"},
		{"migrate", "sideways"}, {"migrate", "up", "extra"}, {"reindex", "extra"},
		{"user", "create", "--username", "ada", "extra"}, {"user", "password-link"}, {"user", "role", "--username", "ada"}, {"user", "deactivate"},
		{"import-se", "--batch", "0", "somewhere"}, {"import-se"}, {"seed"},
		{"uploads"}, {"uploads", "tidy"}, {"uploads", "prune", "extra"}, {"uploads", "prune", "--older-than", "1h"},
		{"uploads", "prune", "--older-than", "soon"},
	} {
		_, err := cli(t, dir, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	// Flag values missing or refused before anything runs are a wrong
	// command line too, and still say which flag and why.
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"user", "create", "--username", "x"}, []string{"\n  --username: ", "\n  --email: Enter your e-mail address.", "\n  --password: "}},
		{[]string{"user", "create", "--username", "ada", "--email", "ada@example.com", "--password", "violet tractor sunrise", "--role", "king"},
			[]string{"\n  --role: Unknown role: use user, moderator, analyst, admin or hotline."}},
		{[]string{"user", "role", "--username", "anna.schmidt", "--role", "superuser"}, []string{"\n  --role: Unknown role: use user, moderator, analyst, admin or hotline."}},
	} {
		_, err := cli(t, dir, c.args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", c.args, err)
			continue
		}
		for _, w := range c.want {
			if msg := describe(err); !strings.Contains(msg, w) {
				t.Errorf("%q said:\n%s\nwant %q", c.args, msg, w)
			}
		}
	}
	for _, args := range [][]string{{"migrate", "--help"}, {"migrate", "-h"}, {"serve", "-h"}, {"user", "-h"}, {"user", "create", "-h"},
		{"seed", "-h"}, {"import-se", "-h"}, {"check", "-h"}, {"reindex", "-h"}, {"uploads", "-h"}, {"uploads", "prune", "-h"}} {
		if _, err := cli(t, dir, args...); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%q: %v, want the usage", args, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a wrong command line made a database: %v", err)
	}
	if _, err := cli(t, dir, "migrate", "status"); err == nil || !strings.Contains(err.Error(), "no database at") {
		t.Errorf("migrate status without a database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate status made a database: %v", err)
	}
}

// TestCheckReportsAndFixesDrift breaks cached numbers behind the
// application's back: check fails and names each drift, check --fix repairs
// them, and check is clean again.
func TestCheckReportsAndFixesDrift(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "seed", "--demo"); err != nil {
		t.Fatalf("seed --demo: %v\n%s", err, out)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "db.sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var post struct{ ID, Score int64 }
	var user struct{ ID, Reputation int64 }
	var badge store.UserBadge
	if err := st.DB.Raw("SELECT id, score FROM posts ORDER BY id LIMIT 1").Scan(&post).Error; err != nil || post.ID == 0 {
		t.Fatalf("no post: %v", err)
	}
	if err := st.DB.Raw("SELECT id, reputation FROM users WHERE reputation > 1 ORDER BY id LIMIT 1").Scan(&user).Error; err != nil || user.ID == 0 {
		t.Fatalf("no user with reputation: %v", err)
	}
	if err := st.DB.Where("tag = '' AND post_id = 0").Order("id").Take(&badge).Error; err != nil {
		t.Fatalf("no badge: %v", err)
	}
	for _, q := range []string{
		fmt.Sprintf("UPDATE posts SET score = score + 7 WHERE id = %d", post.ID),
		fmt.Sprintf("UPDATE users SET reputation = 999999 WHERE id = %d", user.ID),
		fmt.Sprintf("DELETE FROM user_badges WHERE id = %d", badge.ID),
	} {
		if err := st.DB.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}

	out, err := cli(t, dir, "check")
	if err == nil || !strings.Contains(err.Error(), "3 drifts") || !strings.Contains(err.Error(), "--fix") {
		t.Fatalf("check on a drifted database: err = %v\n%s", err, out)
	}
	for _, want := range []string{
		fmt.Sprintf("drift: posts.score #%d: have %d, want %d", post.ID, post.Score+7, post.Score),
		fmt.Sprintf("drift: users.reputation #%d: have 999999, want %d", user.ID, user.Reputation),
		fmt.Sprintf("drift: badges %s user %d post 0: have 0, want 1", badge.Badge, badge.UserID),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if out, err = cli(t, dir, "check", "--fix"); err != nil || !strings.Contains(out, "fixed 3 drifts") {
		t.Fatalf("check --fix: %v\n%s", err, out)
	}
	if out, err = cli(t, dir, "check"); err != nil || !strings.Contains(out, "no drift") {
		t.Fatalf("check after --fix: %v\n%s", err, out)
	}
	var score, rep, held int64
	st.DB.Raw("SELECT score FROM posts WHERE id = ?", post.ID).Scan(&score)
	st.DB.Raw("SELECT reputation FROM users WHERE id = ?", user.ID).Scan(&rep)
	st.DB.Raw("SELECT COUNT(*) FROM user_badges WHERE user_id = ? AND badge = ?", badge.UserID, badge.Badge).Scan(&held)
	if score != post.Score || rep != user.Reputation || held != 1 {
		t.Fatalf("after --fix: score %d (want %d), reputation %d (want %d), badge held %d times",
			score, post.Score, rep, user.Reputation, held)
	}

	// check awards the tag badges at the configured thresholds: on a small
	// site (score 1 over 1 answer) the demo's answerers earned some.
	small := map[string]string{"STACKDESK_TAG_BADGE_SCORE": "1,1,1", "STACKDESK_TAG_BADGE_ANSWERS": "1,1,1"}
	if out, err = cliEnv(t, dir, small, "check"); err == nil || !strings.Contains(out, "drift: badges tag-gold user ") {
		t.Fatalf("check with small tag thresholds: %v\n%s", err, out)
	}
	if out, err = cliEnv(t, dir, small, "check", "--fix"); err != nil || !strings.Contains(out, "fixed ") {
		t.Fatalf("check --fix with small tag thresholds: %v\n%s", err, out)
	}
	if out, err = cliEnv(t, dir, small, "check"); err != nil || !strings.Contains(out, "no drift") {
		t.Fatalf("check after --fix with small tag thresholds: %v\n%s", err, out)
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

// TestImportLeavesNothingToRender: the site's first start after an import
// into a new database renders nothing again, since the import wrote what
// the renderer writes now and recorded it.
func TestImportLeavesNothingToRender(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "import-se", "--quiet", filepath.Join("..", "..", "testdata", "se-small")); err != nil {
		t.Fatalf("import-se: %v\n%s", err, out)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "db.sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var comments int64
	if err := st.DB.Table("comments").Count(&comments).Error; err != nil || comments == 0 {
		t.Fatalf("imported comments: %d, %v", comments, err)
	}
	n, err := (&qa.Service{Store: st, Now: time.Now}).UpgradeRendered(ctx)
	if err != nil || n != 0 {
		t.Fatalf("first start after the import rendered %d rows again (%v), want none", n, err)
	}
}

// TestCheckJudgesBadgesByTrueScores: a question's stored score raised past
// the badge thresholds is one drift, the score; check does not also report
// the badges that score would give, which the votes never earned, and it
// says "1 drift" for it, as --fix says "fixed 1 drift".
func TestCheckJudgesBadgesByTrueScores(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "seed", "--demo"); err != nil {
		t.Fatalf("seed --demo: %v\n%s", err, out)
	}
	st, err := store.Open(context.Background(), "sqlite://"+filepath.Join(dir, "db.sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var q struct{ ID, Score int64 }
	if err := st.DB.Raw("SELECT id, score FROM posts WHERE type = 1 AND score < 5 AND owner_id IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1").Scan(&q).Error; err != nil || q.ID == 0 {
		t.Fatalf("no question with a low score: %v", err)
	}
	if err := st.DB.Exec("UPDATE posts SET score = score + 30 WHERE id = ?", q.ID).Error; err != nil {
		t.Fatal(err)
	}
	out, err := cli(t, dir, "check")
	want := fmt.Sprintf("drift: posts.score #%d: have %d, want %d\n", q.ID, q.Score+30, q.Score)
	if err == nil || !strings.HasPrefix(err.Error(), "1 drift in ") || out != want {
		t.Fatalf("check: %v\n%s\nwant only: %s", err, out, want)
	}
	if out, err = cli(t, dir, "check", "--fix"); err != nil || !regexp.MustCompile(`^`+regexp.QuoteMeta(want)+`fixed 1 drift in \d+ checks\n$`).MatchString(out) {
		t.Fatalf("check --fix: %v\n%s", err, out)
	}
	var held int64
	st.DB.Raw("SELECT COUNT(*) FROM user_badges WHERE post_id = ?", q.ID).Scan(&held)
	if held != 0 {
		t.Errorf("--fix awarded %d badges for the question's drifted score", held)
	}
}

// TestRerenderCommand: on a site its renderer wrote, rerender changes
// nothing and says so; a post whose stored HTML an earlier version wrote is
// rendered again and counted.
func TestRerenderCommand(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "seed", "--demo"); err != nil {
		t.Fatalf("seed --demo: %v\n%s", err, out)
	}
	summary := regexp.MustCompile(`^rendered (\d+) posts and (\d+) comments again in [0-9.]+ s: (\d+) posts and (\d+) comments changed\n$`)
	out, err := cli(t, dir, "rerender")
	m := summary.FindStringSubmatch(out)
	if err != nil || m == nil || m[1] == "0" || m[2] == "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("rerender of a fresh demo site: %v\n%s", err, out)
	}
	st, err := store.Open(context.Background(), "sqlite://"+filepath.Join(dir, "db.sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var p store.Post
	if err := st.DB.Where("body_markdown <> ''").Order("id").First(&p).Error; err != nil {
		t.Fatal(err)
	}
	st.DB.Exec("UPDATE posts SET body_html = '<p>old</p>' WHERE id = ?", p.ID)
	st.Close()
	out, err = cli(t, dir, "rerender")
	if m := summary.FindStringSubmatch(out); err != nil || m == nil || m[3] != "1" || m[4] != "0" {
		t.Fatalf("rerender after a post's HTML went stale: %v\n%s", err, out)
	}
	if out, err := cli(t, dir, "rerender", "now"); err == nil || !strings.Contains(err.Error(), "takes no arguments") {
		t.Errorf("rerender now: %v\n%s", err, out)
	}
}

// TestUserRoleRenamesARoleClaimingUsername: `user role` makes a staff
// account a member by the same rule as the role form and the API: a
// username that claims a role (desk.hotline) becomes user-ID, said in the
// output, and the old name names nobody any more.
func TestUserRoleRenamesARoleClaimingUsername(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "migrate", "up"); err != nil {
		t.Fatalf("migrate up: %v\n%s", err, out)
	}
	if out, err := cli(t, dir, "user", "create", "--username", "desk.hotline", "--email", "desk@example.com", "--password", "violet tractor sunrise", "--role", "hotline"); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	if out, err := cli(t, dir, "user", "role", "--username", "desk.hotline", "--role", "user"); err != nil || !strings.Contains(out, "user 1 user-1: user (was hotline)") {
		t.Fatalf("user role: %v\n%s", err, out)
	}
	if _, err := cli(t, dir, "user", "role", "--username", "desk.hotline", "--role", "hotline"); err == nil || !strings.Contains(err.Error(), `no user "desk.hotline"`) {
		t.Fatalf("the old name: %v", err)
	}
}
