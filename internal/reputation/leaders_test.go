package reputation_test

import (
	"context"
	"slices"
	"testing"

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
