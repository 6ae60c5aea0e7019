package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// repoRoot walks up from the test's folder to the one holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test folder")
		}
		dir = parent
	}
}

// sharedDump returns the folder of a shared Stack Exchange dump; it skips
// the test when shared data is missing, or fails it under CI.
func sharedDump(t testing.TB, site string) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "data", "stackexchange", site)
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		storetest.SkipOrFail(t, "shared dump %s missing: %v", site, err)
	}
	return dir
}

// testdata returns a hand-written dump of the repository's testdata folder.
func testdata(t testing.TB, name string) string {
	t.Helper()
	return filepath.Join(repoRoot(t), "testdata", name)
}

// count runs a query that returns one number.
func count(t testing.TB, st *store.Store, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// importDump imports dir and fails the test on any error.
func importDump(t testing.TB, st *store.Store, dir string, opt Options) *Summary {
	t.Helper()
	sum, err := Import(context.Background(), st, dir, opt)
	if err != nil {
		t.Fatalf("import %s: %v\n%s", dir, err, sum)
	}
	return sum
}

// noDrift fails the test if `stackdesk check` would report any drift.
func noDrift(t testing.TB, st *store.Store) {
	t.Helper()
	r, err := consistency.Run(context.Background(), st, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range r.Drifts {
		if i == 10 {
			t.Errorf("... %d drifts in all", len(r.Drifts))
			break
		}
		t.Errorf("drift: %s", d)
	}
}

// tableCounts counts the rows of every table an import writes, to compare
// before and after a second run.
func tableCounts(t testing.TB, st *store.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range importTables {
		out[table] = count(t, st, "SELECT COUNT(*) FROM "+table)
	}
	out["score"] = count(t, st, "SELECT COALESCE(SUM(score), 0) FROM posts")
	out["score_base"] = count(t, st, "SELECT COALESCE(SUM(score_base), 0) FROM posts")
	out["reputation"] = count(t, st, "SELECT COALESCE(SUM(reputation), 0) FROM users")
	out["answer_count"] = count(t, st, "SELECT COALESCE(SUM(answer_count), 0) FROM posts")
	out["comment_count"] = count(t, st, "SELECT COALESCE(SUM(comment_count), 0) FROM posts")
	out["question_count"] = count(t, st, "SELECT COALESCE(SUM(question_count), 0) FROM tags")
	out["counter_values"] = count(t, st, "SELECT COALESCE(SUM(value), 0) FROM counters")
	return out
}

// loadPost loads a post by id.
func loadPost(t testing.TB, st *store.Store, id int64) store.Post {
	t.Helper()
	var p store.Post
	err := st.DB.Table("posts AS p").Select("p.*, "+store.ViewCountColumn).Joins(store.ViewCountsJoin).
		Where("p.id = ?", id).Take(&p).Error
	if err != nil {
		t.Fatalf("post %d: %v", id, err)
	}
	return p
}

// loadUser loads a user by id.
func loadUser(t testing.TB, st *store.Store, id int64) store.User {
	t.Helper()
	var u store.User
	if err := st.DB.Where("id = ?", id).Take(&u).Error; err != nil {
		t.Fatalf("user %d: %v", id, err)
	}
	return u
}

// mapped returns the id a source row of the site became.
func mapped(t testing.TB, st *store.Store, site, kind string, src int64) int64 {
	t.Helper()
	return count(t, st, "SELECT target_id FROM import_ids WHERE site = ? AND kind = ? AND source_id = ?", site, kind, src)
}
