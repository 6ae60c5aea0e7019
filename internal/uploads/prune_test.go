package uploads_test

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/uploads"
)

// distinct is a PNG picture of its own for each n.
func distinct(t *testing.T, n int) []byte {
	t.Helper()
	img := picture(20, 10)
	img.Set(0, 0, color.RGBA{uint8(n), uint8(n >> 8), 7, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPruneOldUnshownUploads: pruning deletes the files and rows of the
// images older than the age given that no post (deleted or not, in any
// revision), comment or ticket shows; a dry run deletes nothing; images a
// moderator removed keep their rows.
func TestPruneOldUnshownUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().UTC()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: func() time.Time { return now }}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		save := func(n int, age time.Duration) *uploads.Upload {
			t.Helper()
			at := now
			s.Now = func() time.Time { return at.Add(-age) }
			defer func() { s.Now = func() time.Time { return now } }()
			u, err := s.Save(ctx, ada, bytes.NewReader(distinct(t, n)))
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		const month = 40 * 24 * time.Hour
		inPost, inDeletedPost, inRevision, inComment, inTicket := save(1, month), save(2, month), save(3, month), save(4, month), save(5, month)
		unshown, removed, recent := save(6, month), save(7, month), save(8, 2*24*time.Hour)
		post := store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Printer offline", Revision: 2, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
			BodyMarkdown: "It says offline: ![screenshot](https://help.example.com" + inPost.Path() + ")", BodyHTML: "<p>It says offline</p>"}
		gone := store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Deleted", Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now, DeletedAt: &now,
			BodyMarkdown: "text", BodyHTML: `<p><img src="` + inDeletedPost.Path() + `" alt="screenshot"></p>`}
		for _, p := range []*store.Post{&post, &gone} {
			if err := st.DB.Create(p).Error; err != nil {
				t.Fatal(err)
			}
		}
		for _, err := range []error{
			st.DB.Create(&store.PostRevision{PostID: post.ID, Revision: 1, Title: post.Title, BodyMarkdown: "first: ![screenshot](" + inRevision.Path() + ")", CreatedAt: now}).Error,
			st.DB.Create(&store.Comment{PostID: post.ID, OwnerID: &ada.ID, Body: "see " + inComment.Path(), BodyHTML: "<p>see</p>", CreatedAt: now}).Error,
			st.DB.Exec("INSERT INTO tickets (subject, body, created_at, updated_at) VALUES (?, ?, ?, ?)", "Printer", "![screenshot]("+inTicket.Path()+")", now, now).Error,
			s.Remove(ctx, mod, removed.Name()),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		files := func() int {
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			return len(entries)
		}

		if _, err := s.Prune(ctx, time.Hour, false, nil); errs.CodeOf(err) != errs.Invalid {
			t.Fatalf("pruning images an hour old: %v", err)
		}
		r, err := s.Prune(ctx, 720*time.Hour, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Old != 6 || r.Referenced != 5 || r.Pruned != 1 || r.Bytes != unshown.Bytes || r.Texts != 5 || files() != 7 {
			t.Fatalf("dry run: %+v, %d files", r, files())
		}
		var calls, last int
		r, err = s.Prune(ctx, 720*time.Hour, false, func(done, total int) { calls, last = calls+1, done })
		if err != nil || r.Pruned != 1 || r.Referenced != 5 || calls == 0 || last != 5 {
			t.Fatalf("prune: %+v %v (progress %d calls, last %d)", r, err, calls, last)
		}
		if _, err := os.Stat(filepath.Join(dir, unshown.Name())); !os.IsNotExist(err) {
			t.Fatalf("the unshown image is still there: %v", err)
		}
		for _, u := range []*uploads.Upload{inPost, inDeletedPost, inRevision, inComment, inTicket, recent} {
			if _, err := os.Stat(filepath.Join(dir, u.Name())); err != nil {
				t.Errorf("%s was pruned: %v", u.Name(), err)
			}
		}
		var rows []uploads.Upload
		st.DB.Order("id").Find(&rows)
		if len(rows) != 7 || files() != 6 {
			t.Fatalf("after pruning: %d rows (want 7: the removed one kept), %d files", len(rows), files())
		}
		// Pruned, the picture may be uploaded again; removed, it may not.
		if _, err := s.Save(ctx, ada, bytes.NewReader(distinct(t, 6))); err != nil {
			t.Fatalf("the pruned picture again: %v", err)
		}
		if _, err := s.Save(ctx, ada, bytes.NewReader(distinct(t, 7))); errs.As(err).Msg.ID != "upload.removed" {
			t.Fatalf("the removed picture again: %v", err)
		}
		// A day's age takes the recent unshown one too; the new upload stays.
		if r, err := s.Prune(ctx, 24*time.Hour, false, nil); err != nil || r.Pruned != 1 || r.Old != 6 {
			t.Fatalf("prune a day old: %+v %v", r, err)
		}
		if _, err := os.Stat(filepath.Join(dir, recent.Name())); !os.IsNotExist(err) {
			t.Fatalf("the recent unshown image is still there: %v", err)
		}
	})
}

// TestPruneSparesWhatIsNew: an old image is kept when the same picture was
// uploaded again lately (it is being put into a post), when a suggested
// edit waiting for review shows it, and when a post saved while the prune
// was reading the texts shows it.
func TestPruneSparesWhatIsNew(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().UTC()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: func() time.Time { return now }}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		save := func(n int, age time.Duration) *uploads.Upload {
			t.Helper()
			s.Now = func() time.Time { return now.Add(-age) }
			defer func() { s.Now = func() time.Time { return now } }()
			u, err := s.Save(ctx, ada, bytes.NewReader(distinct(t, n)))
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		const month = 40 * 24 * time.Hour
		again, suggested, late, unshown := save(1, month), save(2, month), save(3, month), save(4, month)
		save(1, time.Hour) // the same picture as again, an hour ago
		post := store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Printer offline", Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
			BodyMarkdown: "It says offline.", BodyHTML: "<p>It says offline.</p>"}
		if err := st.DB.Create(&post).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Create(&store.SuggestedEdit{PostID: post.ID, UserID: ada.ID, BaseRevision: 1, OldBody: post.BodyMarkdown,
			Body: "It says offline: ![screenshot](" + suggested.Path() + ")", Status: "pending", CreatedAt: now}).Error; err != nil {
			t.Fatal(err)
		}
		// While the prune reads the last texts (tickets), a post that
		// shows the late image is saved: the posts were read already.
		saved := false
		r, err := s.Prune(ctx, 720*time.Hour, false, func(done, total int) {
			if done == total && !saved {
				saved = true
				p := store.Post{Type: store.PostQuestion, OwnerID: &ada.ID, Title: "Scanner offline", Revision: 1, CreatedAt: now, UpdatedAt: now, LastActivityAt: now,
					BodyMarkdown: "![screenshot](" + late.Path() + ")", BodyHTML: "<p></p>"}
				if err := st.DB.Create(&p).Error; err != nil {
					t.Error(err)
				}
			}
		})
		if err != nil || !saved {
			t.Fatalf("prune: %+v %v (post saved meanwhile: %v)", r, err, saved)
		}
		if r.Old != 3 || r.Referenced != 2 || r.Pruned != 1 {
			t.Fatalf("prune: %+v, want 3 old (not the one uploaded again), 2 shown (the suggestion's, the post's saved meanwhile), 1 pruned", r)
		}
		for _, u := range []*uploads.Upload{again, suggested, late} {
			if _, err := os.Stat(filepath.Join(dir, u.Name())); err != nil {
				t.Errorf("%s was pruned: %v", u.Name(), err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, unshown.Name())); !os.IsNotExist(err) {
			t.Fatalf("the unshown image is still there: %v", err)
		}
	})
}

// TestPruneDeletesLeftoverTempFiles: the temporary files of uploads
// interrupted before the age given go (a dry run counts them), also when
// no image is old; a newer one (an upload running) stays, and so does
// anything else in the folder.
func TestPruneDeletesLeftoverTempFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().UTC()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: func() time.Time { return now }}
		file := func(name string, size int, age time.Duration) string {
			t.Helper()
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, make([]byte, size), 0o600); err != nil {
				t.Fatal(err)
			}
			at := now.Add(-age)
			if err := os.Chtimes(p, at, at); err != nil {
				t.Fatal(err)
			}
			return p
		}
		const month = 40 * 24 * time.Hour
		old1, old2 := file(".upload-123456", 700, month), file(".upload-987", 300, 2*24*time.Hour)
		running := file(".upload-555", 100, time.Minute)
		other, notTemp := file("notes.txt", 10, month), file(".upload-x", 10, month)
		r, err := s.Prune(ctx, 24*time.Hour, true, nil)
		if err != nil || r.Temps != 2 || r.TempBytes != 1000 || r.Old != 0 {
			t.Fatalf("dry run: %+v %v", r, err)
		}
		for _, p := range []string{old1, old2} {
			if _, err := os.Stat(p); err != nil {
				t.Fatalf("the dry run deleted %s: %v", p, err)
			}
		}
		if r, err := s.Prune(ctx, 720*time.Hour, false, nil); err != nil || r.Temps != 1 || r.TempBytes != 700 {
			t.Fatalf("prune older than 720h: %+v %v", r, err)
		}
		if _, err := os.Stat(old1); !os.IsNotExist(err) {
			t.Fatalf("the month-old temporary file is still there: %v", err)
		}
		if _, err := os.Stat(old2); err != nil {
			t.Fatalf("a temporary file younger than 720h went: %v", err)
		}
		if r, err := s.Prune(ctx, 24*time.Hour, false, nil); err != nil || r.Temps != 1 || r.TempBytes != 300 {
			t.Fatalf("prune older than a day: %+v %v", r, err)
		}
		for _, p := range []string{running, other, notTemp} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s went: %v", filepath.Base(p), err)
			}
		}
		// No folder yet (nothing uploaded): nothing to do.
		s.Dir = filepath.Join(dir, "none")
		if r, err := s.Prune(ctx, 24*time.Hour, false, nil); err != nil || r.Temps != 0 {
			t.Fatalf("prune without a folder: %+v %v", r, err)
		}
	})
}
