package reputation_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestRoleListsLeaveDeactivatedAccountsOut: narrowed to roles (the staff,
// or one role), the users list names the active holders only, all time and
// in a period, as it is the list for contacting them; unnarrowed, it still
// lists a deactivated account.
func TestRoleListsLeaveDeactivatedAccountsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada := f.user(t, "ada")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		gone := storetest.User(t, st, "gone", store.RoleModerator)
		root := storetest.User(t, st, "root", store.RoleAdmin)
		for _, u := range []*store.User{ada, mod, gone, root} {
			grant(t, f, u, 10)
		}
		if err := st.DB.Model(gone).Update("deactivated_at", f.now).Error; err != nil {
			t.Fatal(err)
		}
		names := func(period, role string) ([]string, int64) {
			t.Helper()
			rs, total, err := f.rep.Leaders(ctx, period, "", role, 1, 20)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, r.Username)
			}
			slices.Sort(out)
			return out, total
		}
		for _, c := range []struct {
			period, role string
			want         []string
		}{
			{"all", "staff", []string{"mod", "root"}},
			{"week", "staff", []string{"mod", "root"}},
			{"all", store.RoleModerator, []string{"mod"}},
			{"week", store.RoleModerator, []string{"mod"}},
			{"all", "", []string{"ada", "gone", "mod", "root"}},
			{"week", "", []string{"ada", "gone", "mod", "root"}},
		} {
			if got, total := names(c.period, c.role); !slices.Equal(got, c.want) || total != int64(len(c.want)) {
				t.Errorf("period %s, role %q: %v (total %d), want %v", c.period, c.role, got, total, c.want)
			}
		}
	})
}

// TestUsersFilterFindsNamesOfAnyScriptAndDoubleNames: the users filter
// (lower-cased as the pages and the API do, strings.ToLower) finds a
// display name, or a word of it, that starts with it in any script on
// both databases (SQLite's own LOWER folds ASCII alone, so "Özdemir" and
// "Дмитрий Иванов" were never found there), and a hyphen parts the words of
// a double name as a space does ("Krishnan" finds Priya Nair-Krishnan).
func TestUsersFilterFindsNamesOfAnyScriptAndDoubleNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		for name, display := range map[string]string{"emma": "Emma Özdemir", "dima": "Дмитрий Иванов",
			"priya": "Priya Nair-Krishnan", "ben": "Benjamin-Alexander Miller-Oberhauser", "anna": "Anna Weber"} {
			u := f.user(t, name)
			if err := st.DB.Model(u).Update("display_name", display).Error; err != nil {
				t.Fatal(err)
			}
		}
		for filter, want := range map[string][]string{
			"Özdemir": {"emma"}, "özd": {"emma"}, "Emma Ö": {"emma"},
			"Дмитрий": {"dima"}, "иванов": {"dima"}, "ИВА": {"dima"},
			"Krishnan": {"priya"}, "Nair-Krishnan": {"priya"}, "Nair": {"priya"}, "Priya Nair-K": {"priya"}, "nair krish": {"priya"},
			"Alexander": {"ben"}, "Oberhauser": {"ben"}, "miller-ober": {"ben"},
			"weber": {"anna"}, "an": {"anna"},
			"rishnan": nil, "zdemir": nil, "ванов": nil, "-krishnan": nil, "%": nil, "_mma": nil,
		} {
			rs, total, err := f.rep.Leaders(ctx, "all", strings.ToLower(filter), "", 1, 20)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Username)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || total != int64(len(want)) {
				t.Errorf("filter %q: %v (total %d), want %v", filter, got, total, want)
			}
		}
	})
}

// TestHistoryReadsNewestFirstByDate: a user's reputation history is newest
// first by the date of each event, then by id, not by id alone: events
// written later than their date (the demo's, an import's, a backfill's)
// take their place among the others, on both databases.
func TestHistoryReadsNewestFirstByDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		ada := f.user(t, "ada")
		day := func(n int) time.Time { return f.now.AddDate(0, 0, -n) }
		// Written in this id order, dated 3, 12, 6, 6 and 14 days ago.
		for i, d := range []int{3, 12, 6, 6, 14} {
			if err := st.DB.Create(&store.ReputationEvent{UserID: ada.ID, Kind: "imported", Delta: i + 1, CreatedAt: day(d)}).Error; err != nil {
				t.Fatal(err)
			}
		}
		evs, total, err := f.rep.Events(context.Background(), ada.ID, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, e := range evs {
			if e.Kind == "imported" {
				got = append(got, e.Delta)
			}
		}
		if want := []int{1, 4, 3, 2, 5}; !slices.Equal(got, want) || total < 5 {
			t.Fatalf("history %v (total %d), want %v: by date, then the later id first", got, total, want)
		}
	})
}

// TestUsersFilterCanUseTrigramIndexes: the users filter finds a username's
// start and a display name word's start on both databases, and on
// PostgreSQL its condition, exactly as Leaders sends it, can be served by
// the trigram indexes of migration 00042 (the planner is told to avoid
// reading every row, to show that it can), so a company-sized users table
// is not read whole at every keystroke.
func TestUsersFilterAndNameLookupsUseIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		priya := f.user(t, "pnair")
		if err := st.DB.Model(priya).Update("display_name", "Priya Nair-Krishnan").Error; err != nil {
			t.Fatal(err)
		}
		f.user(t, "krishnaswamy")
		f.user(t, "ada")
		for filter, want := range map[string][]string{
			"krishna": {"krishnaswamy", "pnair"}, "nair": {"pnair"}, "pn": {"pnair"}, "air": nil,
		} {
			rs, _, err := f.rep.Leaders(ctx, "all", filter, "", 1, 20)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Username)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("filter %q: %v, want %v", filter, got, want)
			}
		}
		if st.Dialect != store.Postgres {
			return
		}
		cond, args := f.rep.NameFilter("krishna")
		var plan []string
		err := st.DB.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
				return err
			}
			return tx.Raw("EXPLAIN SELECT id FROM users WHERE "+cond, args...).Scan(&plan).Error
		})
		text := strings.Join(plan, "\n")
		if err != nil || !strings.Contains(text, "users_username_prefix") || !strings.Contains(text, "users_display_words_trgm") {
			t.Errorf("the filter does not use its indexes: %v\n%s", err, text)
		}
		// Names looked up by equality (mentions, the importer) take a btree:
		// a trigram index answered them a thousand times slower, and the
		// planner chose it once a site had some thousands of users.
		err = st.DB.Exec(`INSERT INTO users (username, display_name, role, created_at, updated_at)
			SELECT 'member' || n, 'Member ' || n, 'user', now(), now() FROM generate_series(1, 4000) AS n`).Error
		if err == nil {
			err = st.DB.Exec("ANALYZE users").Error
		}
		if err != nil {
			t.Fatal(err)
		}
		plan = nil
		err = st.DB.Raw("EXPLAIN SELECT id FROM users WHERE username IN ?", []string{"ada", "member12", "member345"}).Scan(&plan).Error
		text = strings.Join(plan, "\n")
		if err != nil || !strings.Contains(text, "users_username") || strings.Contains(text, "trgm") {
			t.Errorf("names by equality do not take a btree: %v\n%s", err, text)
		}
	})
}
