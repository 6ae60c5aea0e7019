package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/uploads"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestUploadsPrune: `uploads prune` deletes the old images no post shows,
// files and rows, on both databases; --dry-run only says so; the summary
// line says what was (or would be) done.
func TestUploadsPrune(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			dir := t.TempDir()
			uploadDir := filepath.Join(dir, "uploads")
			dbURL := "sqlite://" + filepath.Join(dir, "db.sqlite")
			if d == store.Postgres {
				dbURL = storetest.PostgresDatabaseURL(t)
			} else if out, err := cli(t, dir, "migrate", "up"); err != nil {
				t.Fatalf("migrate: %v\n%s", err, out)
			}
			env := map[string]string{"STACKDESK_DATABASE_URL": dbURL, "STACKDESK_UPLOAD_DIR": uploadDir}
			ctx := context.Background()
			st, err := store.Open(ctx, dbURL, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ada := storetest.User(t, st, "ada", store.RoleUser)
			old := time.Now().Add(-40 * 24 * time.Hour)
			svc := &uploads.Service{Store: st, Dir: uploadDir, MaxBytes: 1 << 20, Now: func() time.Time { return old }}
			var ups []*uploads.Upload
			for i := range 3 {
				img := image.NewRGBA(image.Rect(0, 0, 30, 20))
				img.Set(1, 1, color.RGBA{uint8(i), 9, 9, 255})
				var b bytes.Buffer
				png.Encode(&b, img)
				if i == 2 { // uploaded two days ago
					svc.Now = func() time.Time { return time.Now().Add(-48 * time.Hour) }
				}
				u, err := svc.Save(ctx, ada, &b)
				if err != nil {
					t.Fatal(err)
				}
				ups = append(ups, u)
			}
			shown, unshown, recent := ups[0], ups[1], ups[2]
			now := time.Now()
			if err := st.DB.Create(&store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Printer offline", Revision: 1, CreatedAt: now,
				UpdatedAt: now, LastActivityAt: now, BodyMarkdown: "![screenshot](" + shown.Path() + ")", BodyHTML: "<p></p>"}).Error; err != nil {
				t.Fatal(err)
			}
			exists := func(u *uploads.Upload) bool {
				_, err := os.Stat(filepath.Join(uploadDir, u.Name()))
				return err == nil
			}

			// An upload interrupted a month ago left its temporary file; one
			// running now has just written its own.
			leftover, running := filepath.Join(uploadDir, ".upload-4711"), filepath.Join(uploadDir, ".upload-4712")
			for _, p := range []string{leftover, running} {
				if err := os.WriteFile(p, make([]byte, 3000), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chtimes(leftover, old, old); err != nil {
				t.Fatal(err)
			}
			there := func(p string) bool { _, err := os.Stat(p); return err == nil }
			if unshown.Bytes >= 1<<10 {
				t.Fatalf("the test wants an image under a kilobyte, got %d bytes", unshown.Bytes)
			}

			out, err := cliEnv(t, dir, env, "uploads", "prune", "--dry-run")
			want := fmt.Sprintf("would prune (dry run) 1 of the 2 images last uploaded over 30 days ago (1 still shown), %d bytes, "+
				"and 1 temporary file of an interrupted upload, 2.9 KB, from %s; 1 text read\n", unshown.Bytes, uploadDir)
			if err != nil || !strings.Contains(out, want) || !exists(unshown) || !there(leftover) {
				t.Fatalf("prune --dry-run: %v\n%s\nwant %s", err, out, want)
			}
			out, err = cliEnv(t, dir, env, "uploads", "prune", "--older-than", "30d")
			if err != nil || !strings.Contains(out, "pruned 1 of the 2 images last uploaded over 30 days ago (1 still shown)") || strings.Contains(out, "\r") {
				t.Fatalf("prune: %v\n%q", err, out)
			}
			if exists(unshown) || !exists(shown) || !exists(recent) || there(leftover) || !there(running) {
				t.Fatalf("after prune: unshown %v, shown %v, recent %v, leftover %v, running %v",
					exists(unshown), exists(shown), exists(recent), there(leftover), there(running))
			}
			out, err = cliEnv(t, dir, env, "uploads", "prune", "--older-than", "720h")
			if err != nil || !strings.Contains(out, "pruned 0 of the 1 image last uploaded over 30 days ago (1 still shown), 0 bytes, and no temporary files") {
				t.Fatalf("prune --older-than 720h: %v\n%s", err, out)
			}
			var n int64
			st.DB.Model(&uploads.Upload{}).Where("hash = ?", unshown.Hash).Count(&n)
			if n != 0 {
				t.Fatal("the pruned image's row is still there")
			}
			out, err = cliEnv(t, dir, env, "uploads", "prune", "--older-than", "36h30m")
			if err != nil || !strings.Contains(out, "pruned 1 of the 2 images last uploaded over 36h30m ago") || exists(recent) || !exists(shown) {
				t.Fatalf("prune --older-than 36h30m: %v\n%s", err, out)
			}
		})
	}
}

// TestUploadsPruneCommandLine: -h prints what prune does and its flags;
// --older-than takes days or a duration, and refuses anything else saying
// what it wants.
func TestUploadsPruneCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"uploads", "prune", "-h"}, {"uploads", "-h"}} {
		out, err := cli(t, dir, args...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: stackdesk uploads prune [--older-than 30d] [--dry-run]") ||
			!strings.Contains(out, "temporary files that interrupted") {
			t.Errorf("%q: %v\n%s", args, err, out)
		}
		if args[1] == "prune" && !strings.Contains(out, "-older-than 30d") {
			t.Errorf("%q lists no flags:\n%s", args, out)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"30d", "30d"}, {"1d", "1d"}, {"720h", "30d"}, {"36h30m", "36h30m"}, {"48h", "2d"},
	} {
		var a age
		if err := a.Set(c.in); err != nil || a.String() != c.want {
			t.Errorf("--older-than %s: %v %s, want %s", c.in, err, a, c.want)
		}
	}
	if a := age(0); a.Set("30d") != nil || time.Duration(a) != 720*time.Hour {
		t.Errorf("30d is %s", time.Duration(a))
	}
	for _, bad := range []string{"soon", "30days", "1.5d", "-2d", "d", "30 d", "-1h"} {
		_, err := cli(t, dir, "uploads", "prune", "--older-than", bad)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "want") || !strings.Contains(err.Error(), "30d") {
			t.Errorf("--older-than %q: %v", bad, err)
		}
	}
	if _, err := cli(t, dir, "uploads", "prune", "--older-than", "12h"); err == nil || !strings.Contains(err.Error(), "under a day") {
		t.Errorf("--older-than 12h: %v", err)
	}
}

// TestHumanSize: sizes read in bytes, KB or MB, never as 0.0 MB.
func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1: "1 byte", 850: "850 bytes", 1024: "1.0 KB", 12_595: "12.3 KB",
		100 << 10: "100.0 KB", 1<<20 - 1: "1.0 MB", 1 << 20: "1.0 MB", 2_202_010: "2.1 MB"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
