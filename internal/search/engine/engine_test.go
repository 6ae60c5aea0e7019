package engine_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

type fixture struct {
	st  *store.Store
	qa  *qa.Service
	eng *engine.Engine
	dir string
	u   *store.User
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	f := &fixture{st: st, dir: t.TempDir()}
	f.qa = &qa.Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
	f.u = storetest.User(t, st, "ada", store.RoleUser)
	return f
}

func (f *fixture) open(t *testing.T) {
	t.Helper()
	f.eng = engine.New(f.st, f.dir, nil, time.Now)
	if err := f.eng.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.eng.Close() })
}

func (f *fixture) ask(t *testing.T, title, body string, tags ...string) *store.Post {
	t.Helper()
	q, err := f.qa.Ask(context.Background(), f.u, qa.QuestionInput{Title: title, Body: body, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *fixture) ids(t *testing.T, query string) []int64 {
	t.Helper()
	res, err := f.eng.Search(context.Background(), search.Request{Query: query})
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, it := range res.Items {
		out = append(out, it.Post.ID)
	}
	return out
}

func TestFollowsTheOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		printer := f.ask(t, "Printer on floor 3 prints blank pages", "Every page comes out empty since the toner was changed.", "printer")
		f.open(t)
		if got := f.ids(t, "printers blank"); len(got) != 1 || got[0] != printer.ID {
			t.Fatalf("rebuild on open: %v", got)
		}
		de := f.ask(t, "Passwörter zurückgesetzt, Anmeldung geht nicht", "Nach dem Zurücksetzen komme ich nicht mehr ins Portal.", "passwort")
		if err := f.eng.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.ids(t, "Passwort zurücksetzen"); len(got) != 1 || got[0] != de.ID {
			t.Fatalf("German inflection: %v", got)
		}
		// Edit: the new words are found, the old ones not.
		title := "Laser printer on floor 3 prints striped pages"
		body := "Every page has grey stripes since the toner was changed."
		if _, err := f.qa.Edit(ctx, f.u, printer.ID, qa.EditInput{Title: &title, Body: &body}); err != nil {
			t.Fatal(err)
		}
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "striped"); len(got) != 1 {
			t.Fatalf("edited words: %v", got)
		}
		if got := f.ids(t, "blank"); len(got) != 0 {
			t.Fatalf("old words still found: %v", got)
		}
		// An answer's text is searchable with its question.
		bob := storetest.User(t, st, "bob", store.RoleUser)
		if _, err := f.qa.Answer(ctx, bob, printer.ID, "Replace the fuser unit; the stripes come from a worn roller."); err != nil {
			t.Fatal(err)
		}
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "fuser roller"); len(got) != 1 || got[0] != printer.ID {
			t.Fatalf("answer text: %v", got)
		}
		// Delete: gone.
		if err := f.qa.Delete(ctx, f.u, de.ID); err != nil {
			t.Fatal(err)
		}
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "Passwort"); len(got) != 0 {
			t.Fatalf("deleted question found: %v", got)
		}
		if s := f.eng.Status(ctx); !s.Ready || s.Lag != 0 {
			t.Fatalf("status = %+v", s)
		}
	})
}

func TestResumesAndRebuilds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.ask(t, "VPN disconnects every ten minutes", "The VPN client drops the tunnel every ten minutes.", "vpn")
		f.open(t)
		f.eng.Close()
		// Written while no index was open: applied after a restart from the stored mark.
		teams := f.ask(t, "Teams camera shows a black picture", "In every call my camera picture stays black.", "teams")
		f.open(t)
		if s := f.eng.Status(ctx); s.Lag != 1 {
			t.Fatalf("lag after restart = %+v, want 1", s)
		}
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "camera"); len(got) != 1 || got[0] != teams.ID {
			t.Fatalf("resume: %v", got)
		}
		f.eng.Close()
		// A broken index is rebuilt from the database.
		dir := filepath.Join(f.dir, "questions")
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			os.WriteFile(filepath.Join(dir, e.Name()), []byte("garbage"), 0o644)
		}
		f.open(t)
		if got := f.ids(t, "vpn OR camera"); len(got) != 2 {
			t.Fatalf("after rebuild: %v", got)
		}
	})
}

func TestOutOfOrderOutboxRowsAreNotLost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		a := f.ask(t, "Expense report rejected without a reason", "My expense report came back rejected.", "expenses")
		f.open(t)
		b := f.ask(t, "Holiday request stuck in approval", "The holiday request waits for approval since May.", "holiday")
		c := f.ask(t, "Payslip for October is missing", "The payslip for October does not show in the portal.", "payroll")
		// Make b's outbox row look like it committed late: remove it, apply, then put it back.
		var rowB store.SearchOutbox
		st.DB.Where("post_id = ?", b.ID).Order("id DESC").Take(&rowB)
		st.DB.Delete(&rowB)
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "payslip"); len(got) != 1 || got[0] != c.ID {
			t.Fatalf("row after the gap not applied: %v", got)
		}
		if s := f.eng.Status(ctx); s.Mark >= rowB.ID {
			t.Fatalf("mark %d passed the young gap at %d", s.Mark, rowB.ID)
		}
		st.DB.Create(&rowB) // the late commit
		f.eng.CatchUp(ctx)
		if got := f.ids(t, "holiday"); len(got) != 1 || got[0] != b.ID {
			t.Fatalf("late row lost: %v", got)
		}
		_ = a
	})
}

func TestSearchableWithinASecond(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		f.open(t)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { f.eng.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		start := time.Now()
		q := f.ask(t, "Docking station does not charge the laptop", "The new docking station powers the screens but not the laptop.", "hardware")
		for time.Since(start) < time.Second {
			if got := f.ids(t, "docking"); len(got) == 1 && got[0] == q.ID {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatal("the new question was not searchable within a second")
	})
}

// TestOneServerPerIndexFolder: a second engine on the same folder cannot
// take the serving lock while the first holds it, whatever the first is
// doing (rebuilding at start included); once the first closes, it can.
func TestOneServerPerIndexFolder(t *testing.T) {
	st := storetest.SQLite(t)
	dir := t.TempDir()
	first := engine.New(st, dir, nil, time.Now)
	if err := first.Lock(); err != nil {
		t.Fatal(err)
	}
	second := engine.New(st, dir, nil, time.Now)
	if err := second.Lock(); !errors.Is(err, search.ErrInUse) {
		t.Fatalf("second lock: %v, want ErrInUse", err)
	}
	first.Close()
	if err := second.Lock(); err != nil {
		t.Fatalf("lock after the first let go: %v", err)
	}
	second.Close()
}
