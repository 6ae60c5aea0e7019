package importer

import (
	"context"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestImportIntoSiteWithContent imports se-small into a site that already
// has users and posts: rows get new ids through the id map, and every link
// between them (parents, accepted answers, duplicates, owners, comments,
// votes) follows.
func TestImportIntoSiteWithContent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := &qa.Service{Store: st, Now: time.Now}
		ada := storetest.User(t, st, "ada-lovelace", store.RoleUser) // takes the name the dump's Ada would get
		own, err := svc.Ask(ctx, ada, qa.QuestionInput{Title: "Where do I find the holiday calendar?",
			Body: "I need the list of public holidays for next year, where is it?", Tags: []string{"hr"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Answer(ctx, ada, own.ID, "It is on the HR page of the intranet, under Calendars."); err != nil {
			t.Fatal(err)
		}
		const site = "se-small"
		sum := importDump(t, st, testdata(t, site), Options{BatchSize: 2})
		noDrift(t, st)
		// The summary says which files got new ids: those whose table had
		// rows (users and posts here, not comments).
		want := map[string]bool{"Users.xml": true, "Posts.xml": true, "Comments.xml": false}
		for _, f := range sum.Files {
			if w, ok := want[f.File]; ok && f.NewIDs != w {
				t.Errorf("%s: new ids %v, want %v", f.File, f.NewIDs, w)
			}
		}
		if !strings.Contains(sum.String(), "new ids") {
			t.Errorf("the summary does not say the ids are new:\n%s", sum)
		}

		post := func(src int64) int64 { return mapped(t, st, site, kindPost, src) }
		user := func(src int64) int64 { return mapped(t, st, site, kindUser, src) }
		q1, a2, a3, q5 := post(1), post(2), post(3), post(5)
		if q1 == 1 || q1 == 0 || user(1) == ada.ID || user(1) == 0 {
			t.Fatalf("ids not mapped: question 1 → %d, user 1 → %d", q1, user(1))
		}
		q := loadPost(t, st, q1)
		if q.Title != "How do I connect to the VPN from home?" || q.AcceptedAnswerID == nil || *q.AcceptedAnswerID != a3 ||
			q.OwnerID == nil || *q.OwnerID != user(1) || q.AnswerCount != 2 || q.ScoreBase != 9 {
			t.Errorf("question 1 → %d = %+v", q1, q)
		}
		for _, a := range []int64{a2, a3} {
			if p := loadPost(t, st, a); p.ParentID == nil || *p.ParentID != q1 {
				t.Errorf("answer %d has parent %v, want %d", a, p.ParentID, q1)
			}
		}
		if p := loadPost(t, st, q5); p.DuplicateOfID == nil || *p.DuplicateOfID != q1 {
			t.Errorf("question 5 → %d duplicates %v, want %d", q5, p.DuplicateOfID, q1)
		}
		if u := loadUser(t, st, user(1)); u.Username != "ada-lovelace-1" || u.Reputation != 1234 {
			t.Errorf("user 1 → %q with %d reputation", u.Username, u.Reputation)
		}
		if n := count(t, st, "SELECT COUNT(*) FROM comments WHERE post_id = ? AND owner_id = ?", q1, user(2)); n != 1 {
			t.Errorf("comments on question 1 by user 2 = %d, want 1", n)
		}
		if n := count(t, st, "SELECT COUNT(*) FROM votes WHERE post_id = ? AND user_id = ?", a3, user(2)); n != 1 {
			t.Errorf("user 2's votes on answer 3 = %d, want 1", n)
		}
		if p := loadPost(t, st, own.ID); p.Title != "Where do I find the holiday calendar?" || p.AnswerCount != 1 {
			t.Errorf("the site's own question changed: %+v", p)
		}
		if n, _ := store.CounterValue(st.DB, "questions"); n != 5 {
			t.Errorf("questions counter = %d, want 1 + 4", n)
		}

		before := tableCounts(t, st)
		importDump(t, st, testdata(t, site), Options{})
		after := tableCounts(t, st)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("%s: %d before, %d after the second run", k, v, after[k])
			}
		}
	})
}
