package auth

import (
	"fmt"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestImportedAccountLookUpUsesAnIndex: whether an account came from an
// import, asked at its first password, reads the id map's users' rows by
// their index on both databases, not the whole map (a dump's posts,
// comments and votes are most of it).
func TestImportedAccountLookUpUsesAnIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		var rows []string
		for i := 1; i <= 4000; i++ {
			kind := "post"
			if i%10 == 0 {
				kind = "user"
			}
			rows = append(rows, fmt.Sprintf("('dump', '%s', %d, %d)", kind, i, i))
		}
		if err := st.DB.Exec("INSERT INTO import_ids (site, kind, source_id, target_id) VALUES " + strings.Join(rows, ", ")).Error; err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Exec("ANALYZE").Error; err != nil {
			t.Fatal(err)
		}
		plan := explain(t, st, strings.Replace(importedAccount, "?", "40", 1))
		if !strings.Contains(plan, "import_ids_user_target") {
			t.Errorf("the imported-account look-up reads no index import_ids_user_target:\n%s", plan)
		}
		var n int64
		if err := st.DB.Raw(importedAccount, 40).Scan(&n).Error; err != nil || n != 1 {
			t.Errorf("account 40: %d, %v; want 1 (imported)", n, err)
		}
		if err := st.DB.Raw(importedAccount, 41).Scan(&n).Error; err != nil || n != 0 {
			t.Errorf("account 41: %d, %v; want 0 (a post's id)", n, err)
		}
	})
}
