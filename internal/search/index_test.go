package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenCreatesFreshIndex(t *testing.T) {
	for _, name := range []string{"missing", "empty"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if name == "empty" {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if n, err := ix.Count(); err != nil || n != 0 {
				t.Errorf("Count = %d, %v", n, err)
			}
			if m, err := ix.Mark(); err != nil || m != 0 {
				t.Errorf("Mark = %d, %v", m, err)
			}
		})
	}
}

func TestCreateRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir); err == nil {
		t.Fatal("Create on a non-empty folder succeeded")
	}
}

func TestMarkAndDocumentsPersistAcrossReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply([]Document{question(1, "VPN drops", "x"), question(2, "Printer jam", "y")}, nil, 41); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(nil, []int64{2}, 42); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if m, err := ix.Mark(); err != nil || m != 42 {
		t.Errorf("Mark = %d, %v; want 42", m, err)
	}
	if n, err := ix.Count(); err != nil || n != 1 {
		t.Errorf("Count = %d, %v; want 1", n, err)
	}
}

func TestOpenNeedsRebuild(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir string)
	}{
		{"version mismatch", func(t *testing.T, dir string) {
			ix, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			// Through write, so that Close waits until it is on disk.
			b := ix.idx.NewBatch()
			b.SetInternal(keyVersion, []byte("stackdesk-search-0"))
			if err := ix.write(b); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"no version", func(t *testing.T, dir string) {
			ix, err := Create(dir)
			if err != nil {
				t.Fatal(err)
			}
			b := ix.idx.NewBatch()
			b.DeleteInternal(keyVersion)
			if err := ix.write(b); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"not an index", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.spoil(t, dir)
			ix, err := Open(dir)
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, ErrRebuild) {
				t.Errorf("Open error %v does not wrap ErrRebuild", err)
			}
		})
	}
}

func TestApplyUpsertsAndDeletes(t *testing.T) {
	ix := newTestIndex(t)
	ctx := context.Background()
	apply(t, ix, question(1, "Outlook crashes on start", "x"), question(2, "Outlook signature missing", "y"))
	if err := ix.Apply([]Document{question(1, "Teams crashes on start", "x")}, []int64{2, 99}, 7); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Request{Query: "outlook"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("outlook: %v, want none", hitIDs(res.Hits))
	}
	res, err = ix.Search(ctx, Request{Query: "teams"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res.Hits); len(got) != 1 || got[0] != 1 {
		t.Errorf("teams: %v, want [1]", got)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("Count = %d, want 1", n)
	}
	if m, _ := ix.Mark(); m != 7 {
		t.Errorf("Mark = %d, want 7", m)
	}
}

func TestSwapIn(t *testing.T) {
	root := t.TempDir()
	live, tmp := filepath.Join(root, "index"), filepath.Join(root, "index.tmp")
	build := func(dir, title string) {
		ix, err := Create(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply([]Document{question(1, title, "")}, nil, 5); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	build(live, "old printer")
	build(tmp, "new scanner")
	if err := SwapIn(tmp, live); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("tmp folder still there: %v", err)
	}
	if _, err := os.Stat(live + ".old"); !os.IsNotExist(err) {
		t.Errorf("old folder still there: %v", err)
	}
	ix, err := Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), Request{Query: "scanner"})
	if err != nil || res.Total != 1 {
		t.Errorf("after swap: %v, %v", res, err)
	}
	if err := SwapIn(filepath.Join(root, "missing"), live); err == nil {
		t.Error("SwapIn of a missing folder succeeded")
	}
}

func TestSwapInWithoutLiveIndex(t *testing.T) {
	root := t.TempDir()
	live, tmp := filepath.Join(root, "index"), filepath.Join(root, "index.tmp")
	ix, err := Create(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := SwapIn(tmp, live); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(live)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func TestConcurrentUse(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix, filler(1, 50)...)
	ctx := context.Background()
	done := make(chan error, 3)
	go func() {
		for i := range 20 {
			if err := ix.Apply(filler(int64(100+i*10), 10), []int64{int64(i + 1)}, int64(i)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 2 {
		go func() {
			for range 30 {
				if _, err := ix.Search(ctx, Request{Query: "laptop problem"}); err != nil {
					done <- err
					return
				}
				if _, err := ix.Similar(ctx, "keyboard problem", "", 5, 0); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 3 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestOpenIndexInUse: an index another handle (another process) holds open
// is reported in use, not as one to rebuild, which would replace it under
// its owner; once let go it opens. A damaged one (an empty root file, as a
// crash while creating it leaves) is one to rebuild.
func TestOpenIndexInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrInUse) || errors.Is(err, ErrRebuild) {
		t.Fatalf("Open of an index in use: %v, want ErrInUse", err)
	}
	ix.Close()
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()

	if err := os.Truncate(filepath.Join(dir, "store", "root.bolt"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrRebuild) {
		t.Fatalf("Open of an index with an empty root file: %v, want ErrRebuild", err)
	}
}
