package main

import (
	"bytes"
	"context"
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

			out, err := cliEnv(t, dir, env, "uploads", "prune", "--dry-run")
			if err != nil || !strings.Contains(out, "would prune (dry run) 1 of 2 images older than 720h (0.0 MB) from "+uploadDir+"; 1 still shown; 1 texts read\n") ||
				!exists(unshown) {
				t.Fatalf("prune --dry-run: %v\n%s", err, out)
			}
			out, err = cliEnv(t, dir, env, "uploads", "prune")
			if err != nil || !strings.Contains(out, "pruned 1 of 2 images older than 720h") || strings.Contains(out, "\r") {
				t.Fatalf("prune: %v\n%q", err, out)
			}
			if exists(unshown) || !exists(shown) || !exists(recent) {
				t.Fatalf("after prune: unshown %v, shown %v, recent %v", exists(unshown), exists(shown), exists(recent))
			}
			var n int64
			st.DB.Model(&uploads.Upload{}).Where("hash = ?", unshown.Hash).Count(&n)
			if n != 0 {
				t.Fatal("the pruned image's row is still there")
			}
			out, err = cliEnv(t, dir, env, "uploads", "prune", "--older-than", "36h30m")
			if err != nil || !strings.Contains(out, "pruned 1 of 2 images older than 36h30m") || exists(recent) || !exists(shown) {
				t.Fatalf("prune --older-than 36h30m: %v\n%s", err, out)
			}
		})
	}
}
