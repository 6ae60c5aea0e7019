package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// roleNamesWant is what each user of the se-role-names dump becomes in an
// empty site: a display name that claims a role becomes the username, or
// "user" and the id when the username derived from it claims one too,
// which becomes "user-" and the dump's id.
var roleNamesWant = map[int64][2]string{
	1: {"user-1", "user1"},                  // Printer IT Support
	2: {"user-2", "user2"},                  // admin_T2H
	3: {"user-3", "Emma Wagstaff"},          // a surname may end in staff, a username may not
	4: {"kim-lee", "kim-lee"},               // ♦ Kim Lee: the ♦ claims, the username does not
	5: {"admiral-ackbar", "Admiral Ackbar"}, // passes
	6: {"kim-lee-6", "Kim Lee"},             // the username 4 took first
	7: {"ada-lovelace", "Ada Lovelace"},     // passes
}

// usersByID loads every user's username and display name.
func usersByID(t testing.TB, st *store.Store) map[int64][2]string {
	t.Helper()
	var us []store.User
	if err := st.DB.Order("id").Find(&us).Error; err != nil {
		t.Fatal(err)
	}
	out := map[int64][2]string{}
	for _, u := range us {
		out[u.ID] = [2]string{u.Username, u.DisplayName}
	}
	return out
}

// noRoleNames fails the test if a member's username or display name claims
// a role on the site.
func noRoleNames(t testing.TB, st *store.Store) {
	t.Helper()
	var us []store.User
	if err := st.DB.Where("role = ?", store.RoleUser).Find(&us).Error; err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if auth.UsernameClaimsRole(u.Username) || auth.DisplayNameClaimsRole(u.DisplayName) {
			t.Errorf("member %d is %q (%s): a name that claims a role", u.ID, u.DisplayName, u.Username)
		}
	}
}

// TestImportRenamesNamesThatClaimARole imports users whose names claim a
// role on the site ("Printer IT Support", "admin_T2H"): they get the names
// a role change to member gives, keep their ids and posts, and the summary
// lists them; a second run, a resumed run and an import into a site with
// users do the same.
func TestImportRenamesNamesThatClaimARole(t *testing.T) {
	t.Parallel()
	dir := testdata(t, "se-role-names")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		sum := importDump(t, st, dir, Options{BatchSize: 2})
		noDrift(t, st)
		got := usersByID(t, st)
		for id, w := range roleNamesWant {
			if got[id] != w {
				t.Errorf("user %d = %q, want %q", id, got[id], w)
			}
		}
		if len(got) != len(roleNamesWant) {
			t.Errorf("%d users, want %d", len(got), len(roleNamesWant))
		}
		noRoleNames(t, st)
		if owner := loadPost(t, st, 1).OwnerID; owner == nil || *owner != 1 {
			t.Errorf("post 1 owner = %v, want user 1 under its new name", owner)
		}
		if n := mapped(t, st, "se-role-names", kindUser, 2); n != 2 {
			t.Errorf("user 2 mapped to %d, want 2", n)
		}

		f := sum.File("Users.xml")
		if f.Renamed[ReasonRoleName] != 4 || len(f.RenameMessages) != 4 || f.Imported != 7 {
			t.Fatalf("Users.xml renamed %v %q, imported %d; want 4 renamed of 7", f.Renamed, f.RenameMessages, f.Imported)
		}
		for i, want := range []string{
			`Users.xml:4: "Printer IT Support" (username printer-it-support) claims a role: imported as "user1" (username user-1)`,
			`Users.xml:5: "admin_T2H" (username admin_t2h) claims a role: imported as "user2" (username user-2)`,
			`Users.xml:6: "Emma Wagstaff" (username emma-wagstaff) claims a role: imported as "Emma Wagstaff" (username user-3)`,
			`Users.xml:7: "♦ Kim Lee" (username kim-lee) claims a role: imported as "kim-lee" (username kim-lee)`,
		} {
			if f.RenameMessages[i] != want {
				t.Errorf("rename message %d = %q, want %q", i, f.RenameMessages[i], want)
			}
		}
		if out := sum.String(); !strings.Contains(out, "renamed 4: names that claim a role, which members may not take\n") ||
			!strings.Contains(out, "      Users.xml:4: \"Printer IT Support\"") {
			t.Errorf("summary does not list the renamed users:\n%s", out)
		}

		t.Run("a second run changes nothing", func(t *testing.T) {
			sum := importDump(t, st, dir, Options{})
			if f := sum.File("Users.xml"); !f.Done || f.RenamedTotal() != 0 {
				t.Errorf("second run: Users.xml %+v", f)
			}
			if again := usersByID(t, st); len(again) != len(got) {
				t.Errorf("second run: %d users, want %d", len(again), len(got))
			} else {
				for id, w := range got {
					if again[id] != w {
						t.Errorf("second run: user %d = %q, was %q", id, again[id], w)
					}
				}
			}
		})
	})
}

// TestInterruptedImportRenamesAsOneRun stops an import in the middle of
// Users.xml: the resumed run names every user as one run does and lists
// the renamed users it wrote.
func TestInterruptedImportRenamesAsOneRun(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		dir := testdata(t, "se-role-names")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := &stopAfter{file: "Users.xml", rows: 3, cancel: cancel}
		first, err := Import(ctx, st, dir, Options{BatchSize: 3, Workers: 1, Progress: stop})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted import: err = %v, want context.Canceled", err)
		}
		done := count(t, st, "SELECT rows_done FROM import_progress WHERE file = 'Users.xml'")
		if done < 3 || done >= 8 {
			t.Fatalf("after the interrupt: %d rows of Users.xml done", done)
		}
		sum := importDump(t, st, dir, Options{BatchSize: 3})
		if f := sum.File("Users.xml"); f.Resumed != done ||
			first.File("Users.xml").RenamedTotal()+f.RenamedTotal() != 4 {
			t.Errorf("resumed after %d rows (want %d), renamed %d + %d (want 4 in all)", f.Resumed, done,
				first.File("Users.xml").RenamedTotal(), f.RenamedTotal())
		}
		got := usersByID(t, st)
		for id, w := range roleNamesWant {
			if got[id] != w {
				t.Errorf("user %d = %q after resuming, want %q", id, got[id], w)
			}
		}
		noRoleNames(t, st)
		noDrift(t, st)
	})
}

// TestImportRenamesIntoASiteWithUsers imports the se-role-names dump into a
// site with a user already: the imported users get new ids, mapped, and a
// display name that becomes "user" and an id takes the new one.
func TestImportRenamesIntoASiteWithUsers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Now().UTC()
		first := store.User{Username: "user-1", DisplayName: "Root", Role: store.RoleAdmin, Reputation: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := st.DB.Create(&first).Error; err != nil {
			t.Fatal(err)
		}
		sum := importDump(t, st, testdata(t, "se-role-names"), Options{})
		if f := sum.File("Users.xml"); !f.NewIDs || f.Renamed[ReasonRoleName] != 4 {
			t.Fatalf("Users.xml: new ids %v, renamed %v; want new ids, 4 renamed", f.NewIDs, f.Renamed)
		}
		got := usersByID(t, st)
		id1, id2 := mapped(t, st, "se-role-names", kindUser, 1), mapped(t, st, "se-role-names", kindUser, 2)
		if id1 == 1 || id1 == 0 || id2 == 0 {
			t.Fatalf("users 1 and 2 mapped to %d and %d", id1, id2)
		}
		// user-1 is taken by the administrator: the dump's user 1 gets the next candidate.
		if want := [2]string{"user-1-1", "user" + strconv.FormatInt(id1, 10)}; got[id1] != want {
			t.Errorf("user 1 (now %d) = %q, want %q", id1, got[id1], want)
		}
		if want := [2]string{"user-2", "user" + strconv.FormatInt(id2, 10)}; got[id2] != want {
			t.Errorf("user 2 (now %d) = %q, want %q", id2, got[id2], want)
		}
		if p := loadPost(t, st, 1); p.OwnerID == nil || *p.OwnerID != id1 {
			t.Errorf("post 1 owner = %v, want %d", p.OwnerID, id1)
		}
		noRoleNames(t, st)
		noDrift(t, st)
	})
}

// TestImportSharedDumpRenamesRoleNames imports the shared cardano dump, whose
// users include "Printer IT Support" and "admin_T2H": no member ends up with
// a name that claims a role, those two are renamed (admin_T2H keeping its
// posts), and the summary counts every user of the XML whose name claims one.
func TestImportSharedDumpRenamesRoleNames(t *testing.T) {
	t.Parallel()
	dir := sharedDump(t, "cardano.stackexchange.com")
	var claim int64
	posts := map[int64]int64{}
	for _, r := range xmlRows(t, filepath.Join(dir, "Users.xml")) {
		id, _ := strconv.ParseInt(r["Id"], 10, 64)
		if name := displayName(r["DisplayName"]); id > 0 &&
			(auth.DisplayNameClaimsRole(name) || auth.UsernameClaimsRole(usernameBase(name, id))) {
			claim++
		}
	}
	for _, r := range xmlRows(t, filepath.Join(dir, "Posts.xml")) {
		if o, _ := strconv.ParseInt(r["OwnerUserId"], 10, 64); o == 2396 || o == 2901 {
			posts[o]++
		}
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		sum := importDump(t, st, dir, Options{})
		if got := sum.File("Users.xml").Renamed[ReasonRoleName]; got != claim || claim < 2 {
			t.Errorf("renamed %d, want %d as the XML's names claim a role", got, claim)
		}
		noRoleNames(t, st)
		for id, want := range map[int64][2]string{2396: {"user-2396", "user2396"}, 2901: {"user-2901", "user2901"}} {
			u := loadUser(t, st, id)
			if [2]string{u.Username, u.DisplayName} != want {
				t.Errorf("user %d = %q %q, want %q", id, u.Username, u.DisplayName, want)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM posts WHERE owner_id = ?", id); n != posts[id] || n == 0 && id == 2901 {
				t.Errorf("user %d owns %d posts, want %d", id, n, posts[id])
			}
		}
	})
}
