package importer

import (
	"context"
	"slices"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestImportRetriesAUsernameTakenMeanwhile: on PostgreSQL a sign-up can take
// a username after a batch of users chose it and before the batch writes it;
// the batch is then written again and the imported user gets the next free
// name instead of the import failing. (SQLite cannot meet this: its batches
// hold the write lock from their first statement.)
func TestImportRetriesAUsernameTakenMeanwhile(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.Postgres)
	now := time.Now().UTC()
	admin := store.User{Username: "root", DisplayName: "Root", Role: store.RoleAdmin, Reputation: 1,
		CreatedAt: now, UpdatedAt: now}
	if err := st.DB.Create(&admin).Error; err != nil {
		t.Fatal(err)
	}
	calls, taken := 0, ""
	opt := Options{namesChosen: func(names []string) {
		calls++
		if calls > 1 {
			return
		}
		for _, n := range names {
			if n == "ada-lovelace" {
				taken = n
			}
		}
		// Another connection signs up under the name, and commits.
		u := store.User{Username: taken, DisplayName: "Another Ada", Role: store.RoleUser, Reputation: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := st.DB.Create(&u).Error; err != nil {
			t.Error(err)
		}
	}}
	importDump(t, st, testdata(t, "se-small"), opt)
	if taken == "" || calls < 2 {
		t.Fatalf("the first batch chose no ada-lovelace (%q) or was not written again (%d calls)", taken, calls)
	}
	var names []string
	if err := st.DB.Model(&store.User{}).Where("display_name LIKE ?", "%Ada%").Order("username").
		Pluck("username", &names).Error; err != nil {
		t.Fatal(err)
	}
	want := []string{"ada-lovelace", "ada-lovelace-1", "ada-lovelace-3"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Errorf("usernames %q, want %q: the dump's Ada takes the next free name", names, want)
	}
	noDrift(t, st)
}

// TestImportRetriesAnIDTakenMeanwhile: on PostgreSQL a sign-up (or a
// question) can take an id after a batch that keeps ids looked for taken ones
// and before it writes; the batch is then written again, sees the id taken,
// and imports that row under a new id instead of failing on users_pkey (or
// posts_pkey) in this run and every resumed one.
func TestImportRetriesAnIDTakenMeanwhile(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	calls := map[string]int{}
	var member *store.User
	var question int64
	opt := Options{BatchSize: 2, Workers: 1, idsChosen: func(table string, ids []int64) {
		if !slices.Contains(ids, 3) && calls[table] == 0 {
			return
		}
		calls[table]++
		switch {
		case calls[table] > 1:
		case table == "users": // the sequence stands at 2: the sign-up gets 3
			member = storetest.User(t, st, "site-member", store.RoleUser)
		case table == "posts":
			svc := &qa.Service{Store: st, Now: time.Now}
			q, err := svc.Ask(ctx, member, qa.QuestionInput{Title: "Where do I find the holiday calendar?",
				Body: "I need the list of public holidays for next year, where is it?", Tags: []string{"hr"}})
			if err != nil {
				t.Fatal(err)
			}
			question = q.ID
		}
	}}
	sum := importDump(t, st, testdata(t, "se-id-taken"), opt)
	if member == nil || member.ID != 3 || question != 3 || calls["users"] < 2 || calls["posts"] < 2 {
		t.Fatalf("the site's rows got user %v, post %d; batches written %v times: want ids 3, batches written again",
			member, question, calls)
	}
	user := mapped(t, st, "se-id-taken", kindUser, 3)
	post := mapped(t, st, "se-id-taken", kindPost, 3)
	if user != 5 || post != 7 {
		t.Errorf("the dump's user 3 became %d and post 3 %d, want 5 and 7", user, post)
	}
	if p := loadPost(t, st, 7); p.OwnerID == nil || *p.OwnerID != 5 || p.AnswerCount != 2 {
		t.Errorf("the dump's question 3, now 7 = %+v", p)
	}
	for _, file := range []string{"Users.xml", "Posts.xml"} {
		if f := sum.File(file); f.Renamed[ReasonIDTaken] != 1 || len(f.RenameMessages) != 1 {
			t.Errorf("%s: renumbered %v %q, want 1", file, f.Renamed, f.RenameMessages)
		}
	}
	noDrift(t, st)
}
