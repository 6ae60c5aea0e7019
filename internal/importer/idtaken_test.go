package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// siteMeanwhile plays the site while an import into it runs: once the first
// batch of Users.xml is in, someone signs up; once the first batch of
// Posts.xml is in, they ask a question. Both get the next ids of their
// tables, which the dump's next batches want to keep. With stop, the import
// is interrupted right after each (as Ctrl-C would) and resumed later.
type siteMeanwhile struct {
	noProgress
	t        *testing.T
	st       *store.Store
	stop     context.CancelFunc // nil: the import runs on
	member   *store.User
	question int64
}

func (s *siteMeanwhile) Committed(file string, rows int64) {
	switch {
	case file == "Users.xml" && rows == 2 && s.member == nil:
		s.member = storetest.User(s.t, s.st, "site-member", store.RoleUser)
	case file == "Posts.xml" && rows == 2 && s.question == 0:
		svc := &qa.Service{Store: s.st, Now: time.Now}
		q, err := svc.Ask(context.Background(), s.member, qa.QuestionInput{Title: "Where do I find the holiday calendar?",
			Body: "I need the list of public holidays for next year, where is it?", Tags: []string{"hr"}})
		if err != nil {
			s.t.Error(err)
			return
		}
		s.question = q.ID
	default:
		return
	}
	if s.stop != nil {
		s.stop()
	}
}

// TestImportRenumbersIDsTheSiteGaveMeanwhile: while an import that keeps
// ids runs (and between an interrupted run and the one resuming it), the
// site gives a sign-up and a question the next ids of their tables, ids a
// later batch of the dump holds. Those rows of the dump get new ids
// instead, mapped as in an import into a site with content: everything that
// refers to them follows, the summary lists them, and a second run changes
// nothing.
func TestImportRenumbersIDsTheSiteGaveMeanwhile(t *testing.T) {
	t.Parallel()
	for _, interrupted := range []bool{false, true} {
		name := "meanwhile"
		if interrupted {
			name = "between runs"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				testRenumbered(t, st, interrupted)
			})
		})
	}
}

func testRenumbered(t *testing.T, st *store.Store, interrupted bool) {
	const site = "se-id-taken"
	dir := testdata(t, site)
	site1 := &siteMeanwhile{t: t, st: st}
	var sums []*Summary // of every run, for what the summaries say
	if !interrupted {
		sums = append(sums, importDump(t, st, dir, Options{BatchSize: 2, Workers: 1, Progress: site1}))
	} else {
		// Each run stops after a batch and the site writes; the next run
		// resumes with the ids the first run decided to keep.
		var err error
		for runs := 0; runs < 3; runs++ {
			ctx, cancel := context.WithCancel(context.Background())
			site1.stop = cancel
			var sum *Summary
			sum, err = Import(ctx, st, dir, Options{BatchSize: 2, Workers: 1, Progress: site1})
			cancel()
			sums = append(sums, sum)
			if !errors.Is(err, context.Canceled) {
				break
			}
		}
		if err != nil || site1.question == 0 {
			t.Fatalf("the runs ended with %v before the site asked its question", err)
		}
	}
	if site1.member == nil || site1.member.ID != 3 || site1.question != 3 {
		t.Fatalf("the site's own rows got user %v and post %d, want the ids 3 the dump's next batches keep",
			site1.member, site1.question)
	}
	noDrift(t, st)

	user := func(src int64) int64 { return mapped(t, st, site, kindUser, src) }
	post := func(src int64) int64 { return mapped(t, st, site, kindPost, src) }
	// Ids above the dump's largest (4 users, 6 posts) meet no later row.
	if user(3) != 5 || post(3) != 7 {
		t.Fatalf("the dump's user 3 became %d and post 3 %d, want 5 and 7", user(3), post(3))
	}
	for src := int64(1); src <= 6; src++ {
		if src != 3 && (post(src) != src || (src <= 4 && user(src) != src)) {
			t.Errorf("source id %d: post %d, user %d; want it kept", src, post(src), user(src))
		}
	}

	if u := loadUser(t, st, 3); u.Username != "site-member" {
		t.Errorf("user 3 is %q, want the site's member", u.Username)
	}
	if u := loadUser(t, st, 5); u.Username != "carla-cruz" || u.Reputation != 1234 || u.About != "Printers." {
		t.Errorf("user 5 = %q rep %d about %q, want the dump's Carla", u.Username, u.Reputation, u.About)
	}
	if n := count(t, st, "SELECT COALESCE(SUM(delta), 0) FROM reputation_events WHERE user_id = 5 AND kind = ?",
		reputation.KindImported); n != 1233 {
		t.Errorf("Carla's imported reputation = %d, want 1233", n)
	}
	if p := loadPost(t, st, 3); p.Title != "Where do I find the holiday calendar?" || p.OwnerID == nil ||
		*p.OwnerID != 3 || p.AnswerCount != 0 || p.CommentCount != 0 || p.Score != 0 {
		t.Errorf("the site's question 3 changed: %+v", p)
	}
	q := loadPost(t, st, 7)
	if q.Title != "Printer on floor 3 prints blank pages" || q.OwnerID == nil || *q.OwnerID != 5 ||
		q.AnswerCount != 2 || q.AcceptedAnswerID == nil || *q.AcceptedAnswerID != 5 || q.CommentCount != 1 || q.Score != 5 {
		t.Errorf("the dump's question 3, now 7 = %+v", q)
	}
	for _, a := range []int64{4, 5} {
		if p := loadPost(t, st, a); p.ParentID == nil || *p.ParentID != 7 {
			t.Errorf("answer %d has parent %v, want 7", a, p.ParentID)
		}
	}
	if p := loadPost(t, st, 5); p.OwnerID == nil || *p.OwnerID != 5 {
		t.Errorf("answer 5 is owned by %v, want 5", p.OwnerID)
	}
	if p := loadPost(t, st, 6); p.DuplicateOfID == nil || *p.DuplicateOfID != 7 {
		t.Errorf("question 6 duplicates %v, want 7", p.DuplicateOfID)
	}
	for what, n := range map[string]int64{
		"comment on question 7":      count(t, st, "SELECT COUNT(*) FROM comments WHERE id = 1 AND post_id = 7 AND owner_id = 1"),
		"Carla's comment":            count(t, st, "SELECT COUNT(*) FROM comments WHERE id = 2 AND post_id = 1 AND owner_id = 5"),
		"vote on question 7":         count(t, st, "SELECT COUNT(*) FROM votes WHERE post_id = 7 AND user_id = 1"),
		"Carla's vote":               count(t, st, "SELECT COUNT(*) FROM votes WHERE post_id = 1 AND user_id = 5"),
		"Carla's Student badge":      count(t, st, "SELECT COUNT(*) FROM user_badges WHERE user_id = 5 AND badge = 'student'"),
		"the site member's nothing":  1 - count(t, st, "SELECT COUNT(*) FROM votes WHERE user_id = 3 OR post_id = 3"),
		"the site member's no badge": 1 - count(t, st, "SELECT COUNT(*) FROM user_badges WHERE user_id = 3"),
	} {
		if n != 1 {
			t.Errorf("%s: %d, want 1", what, n)
		}
	}

	// The summaries list them, each once.
	for file, want := range map[string]string{
		"Users.xml": "Users.xml:5: user 3 imported as user 5: the site gave id 3 to a user of its own meanwhile",
		"Posts.xml": "Posts.xml:5: post 3 imported as post 7: the site gave id 3 to a post of its own meanwhile",
	} {
		var msgs []string
		renamed, said := int64(0), 0
		for _, sum := range sums {
			f := sum.File(file)
			if f == nil {
				continue
			}
			if f.NewIDs {
				t.Errorf("%s: new ids, want kept ids", file)
			}
			msgs = append(msgs, f.RenameMessages...)
			renamed += f.Renamed[ReasonIDTaken]
			if strings.Contains(sum.String(), "renumbered 1: ids the site gave to rows of its own while the import ran\n") {
				said++
			}
		}
		if renamed != 1 || len(msgs) != 1 || msgs[0] != want || said == 0 {
			t.Errorf("%s: renumbered %d %q (summary says so: %d); want %q", file, renamed, msgs, said, want)
		}
	}
	if !interrupted {
		if out := sums[0].String(); strings.Count(out, "renumbered 1: ") != 2 {
			t.Errorf("the summary does not list both:\n%s", out)
		}
	}

	before := tableCounts(t, st)
	again := importDump(t, st, dir, Options{BatchSize: 2})
	after := tableCounts(t, st)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %d before, %d after the second run", k, v, after[k])
		}
	}
	for _, f := range again.Files {
		if f.Present && (!f.Done || f.RenamedTotal() != 0) {
			t.Errorf("second run: %s done %v, renamed %v", f.File, f.Done, f.Renamed)
		}
	}
}
