package importer

import (
	"testing"
	"time"

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
