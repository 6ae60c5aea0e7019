package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// siteAt plays the site while an import runs: after the batch of file that
// brings its committed rows to rows, it runs do (a sign-up, a question, a
// comment), and with stop it then interrupts the import, as Ctrl-C would.
type siteAt struct {
	noProgress
	file string
	rows int64
	do   func()
	stop context.CancelFunc
	done bool
}

func (s *siteAt) Committed(file string, rows int64) {
	if s.done || file != s.file || rows != s.rows {
		return
	}
	s.done = true
	if s.do != nil {
		s.do()
	}
	if s.stop != nil {
		s.stop()
	}
}

// TestImportKeepsPostIDsDecidedAtTheStart: the import of an empty site
// decides as it starts that posts keep their ids. A question asked while
// Users.xml still imports, before Posts.xml starts, takes post id 1; the
// dump's post 1 alone gets a new id, and every other post keeps its own.
func TestImportKeepsPostIDsDecidedAtTheStart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		const site = "se-id-taken"
		var member *store.User
		var question int64
		signUp := &siteAt{file: "Users.xml", rows: 2, do: func() {
			member = storetest.User(t, st, "site-member", store.RoleUser)
		}}
		ask := &siteAt{file: "Users.xml", rows: 4, do: func() {
			svc := &qa.Service{Store: st, Now: time.Now}
			q, err := svc.Ask(context.Background(), member, qa.QuestionInput{Title: "Where do I find the holiday calendar?",
				Body: "I need the list of public holidays for next year, where is it?", Tags: []string{"hr"}})
			if err != nil {
				t.Error(err)
				return
			}
			question = q.ID
		}}
		sum := importDump(t, st, testdata(t, site), Options{BatchSize: 2, Workers: 1, Progress: progresses{signUp, ask}})
		if member == nil || question != 1 {
			t.Fatalf("the site's question got id %d (member %v), want 1, before Posts.xml started", question, member)
		}
		noDrift(t, st)
		if got := mapped(t, st, site, kindPost, 1); got != 7 {
			t.Errorf("the dump's post 1 became %d, want 7 (above the dump's largest id)", got)
		}
		for src := int64(2); src <= 6; src++ {
			if got := mapped(t, st, site, kindPost, src); got != src {
				t.Errorf("the dump's post %d became %d, want its id kept", src, got)
			}
		}
		if p := loadPost(t, st, 1); p.Title != "Where do I find the holiday calendar?" || p.AnswerCount != 0 {
			t.Errorf("the site's question 1 changed: %+v", p)
		}
		if p := loadPost(t, st, 2); p.ParentID == nil || *p.ParentID != 7 {
			t.Errorf("answer 2 has parent %v, want 7", p.ParentID)
		}
		if n := count(t, st, "SELECT COUNT(*) FROM comments WHERE id = 2 AND post_id = 7"); n != 1 {
			t.Errorf("the comment on the dump's post 1 is not on post 7")
		}
		f := sum.File("Posts.xml")
		want := "Posts.xml:3: post 1 imported as post 7: the site gave id 1 to a post of its own meanwhile"
		if f.NewIDs || f.Renamed[ReasonIDTaken] != 1 || len(f.RenameMessages) != 1 || f.RenameMessages[0] != want {
			t.Errorf("Posts.xml: new ids %v, renumbered %v %q; want kept ids and %q", f.NewIDs, f.Renamed, f.RenameMessages, want)
		}
		if strings.Contains(sum.String(), "new ids, as the site had such rows") {
			t.Errorf("the summary says a file got new ids:\n%s", sum)
		}

		before := tableCounts(t, st)
		again := importDump(t, st, testdata(t, site), Options{BatchSize: 2})
		for k, v := range tableCounts(t, st) {
			if before[k] != v {
				t.Errorf("%s: %d before, %d after the second run", k, before[k], v)
			}
		}
		for _, f := range again.Files {
			if f.Present && !f.Done {
				t.Errorf("second run: %s read again", f.File)
			}
		}
	})
}

// TestResumedImportKeepsCommentIDs: an import of an empty site is
// interrupted in Posts.xml; meanwhile someone signs up and comments, which
// takes comment id 1. The resumed run keeps the decision taken as the import
// started: comments keep their ids, but for the dump's comment 1, which gets
// a new one.
func TestResumedImportKeepsCommentIDs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		const site = "se-id-taken"
		dir := testdata(t, site)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := Import(ctx, st, dir, Options{BatchSize: 2, Workers: 1,
			Progress: &siteAt{file: "Posts.xml", rows: 2, stop: cancel}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted import: err = %v, want context.Canceled", err)
		}
		if n := count(t, st, "SELECT COUNT(*) FROM comments"); n != 0 {
			t.Fatalf("%d comments before Comments.xml started", n)
		}
		member := storetest.User(t, st, "site-member", store.RoleUser)
		svc := &qa.Service{Store: st, Now: time.Now}
		c, err := svc.AddComment(context.Background(), member, 1, "Did the update of last night change anything here?")
		if err != nil || c.ID != 1 {
			t.Fatalf("the site's comment: %v, %v; want id 1", c, err)
		}

		sum := importDump(t, st, dir, Options{BatchSize: 2, Workers: 1})
		noDrift(t, st)
		if got := mapped(t, st, site, kindComment, 1); got != 3 {
			t.Errorf("the dump's comment 1 became %d, want 3 (above the dump's largest id)", got)
		}
		if got := mapped(t, st, site, kindComment, 2); got != 2 {
			t.Errorf("the dump's comment 2 became %d, want its id kept", got)
		}
		if n := count(t, st, "SELECT COUNT(*) FROM comments WHERE id = 1 AND owner_id = ? AND post_id = 1", member.ID); n != 1 {
			t.Errorf("the site's comment 1 changed")
		}
		if n := count(t, st, "SELECT COUNT(*) FROM comments WHERE id = 3 AND post_id = 3 AND owner_id = 1"); n != 1 {
			t.Errorf("the dump's comment 1 is not comment 3 on post 3 by user 1")
		}
		f := sum.File("Comments.xml")
		if f.NewIDs || f.Renamed[ReasonIDTaken] != 1 {
			t.Errorf("Comments.xml: new ids %v, renumbered %v; want kept ids, 1 renumbered", f.NewIDs, f.Renamed)
		}
		for _, name := range []string{"Users.xml", "Posts.xml"} {
			if f := sum.File(name); f.NewIDs {
				t.Errorf("%s: new ids, want kept ids", name)
			}
		}
	})
}

// progresses passes every call on to each of its Progresses.
type progresses []*siteAt

func (ps progresses) Committed(file string, rows int64) {
	for _, p := range ps {
		p.Committed(file, rows)
	}
}
func (progresses) Start(string, int64) {}
func (progresses) Read(int)            {}
func (progresses) Finish(*FileSummary) {}
