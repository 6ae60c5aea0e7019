package importer

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/search"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// sharedSite is the shared dump the tests import on both databases: the
// smaller one, which has every file, PostHistory.xml included.
const sharedSite = "raspberrypi.meta.stackexchange.com"

// TestImportSharedDump imports a real dump on both databases and checks it
// against the XML, read here independently of the importer.
func TestImportSharedDump(t *testing.T) {
	t.Parallel()
	dir := sharedDump(t, sharedSite)
	want := expectFromXML(t, dir)
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		t.Parallel() // the two databases at once: PostgreSQL works in its own process
		ctx := context.Background()
		importDump(t, st, dir, Options{})

		t.Run("counts match the XML", func(t *testing.T) {
			for what, q := range map[string]string{
				"questions":          "SELECT COUNT(*) FROM posts WHERE type = 1",
				"answers":            "SELECT COUNT(*) FROM posts WHERE type = 2",
				"comments":           "SELECT COUNT(*) FROM comments",
				"users":              "SELECT COUNT(*) FROM users",
				"accepted answers":   "SELECT COUNT(*) FROM posts WHERE accepted_answer_id IS NOT NULL",
				"duplicates":         "SELECT COUNT(*) FROM posts WHERE duplicate_of_id IS NOT NULL",
				"closed":             "SELECT COUNT(*) FROM posts WHERE closed_at IS NOT NULL",
				"votes":              "SELECT COUNT(*) FROM votes",
				"score":              "SELECT COALESCE(SUM(score), 0) FROM posts",
				"reputation":         "SELECT COALESCE(SUM(reputation), 0) FROM users",
				"tagged questions":   "SELECT COUNT(*) FROM post_tags",
				"unanswered":         "SELECT value FROM counters WHERE name = 'unanswered'",
				"counted questions":  "SELECT value FROM counters WHERE name = 'questions'",
				"posts by a name":    "SELECT COUNT(*) FROM posts WHERE owner_name <> '' AND owner_id IS NULL",
				"comments by a name": "SELECT COUNT(*) FROM comments WHERE owner_name <> '' AND owner_id IS NULL",
			} {
				if got := count(t, st, q); got != want.counts[what] {
					t.Errorf("%s = %d, want %d from the XML", what, got, want.counts[what])
				}
			}
		})

		t.Run("posts by id", func(t *testing.T) {
			for _, id := range []int64{12, 20, 32, 54} {
				w := want.posts[id]
				p := loadPost(t, st, id)
				acc := int64(0)
				if p.AcceptedAnswerID != nil {
					acc = *p.AcceptedAnswerID
				}
				if p.Title != w.title || p.Score != w.score || acc != w.accepted || p.Tags != w.tags {
					t.Errorf("post %d = %q score %d accepted %d tags %q; want %+v", id, p.Title, p.Score, acc, p.Tags, w)
				}
			}
			if p := loadPost(t, st, 54); p.DuplicateOfID == nil || *p.DuplicateOfID != 42 || p.ClosedReason != "duplicate" {
				t.Errorf("post 54: duplicate of %v, reason %q; want 42, duplicate", p.DuplicateOfID, p.ClosedReason)
			}
		})

		t.Run("no drift", func(t *testing.T) { noDrift(t, st) })

		t.Run("imported questions are searchable", func(t *testing.T) {
			e := engine.New(st, t.TempDir(), nil, time.Now)
			if err := e.Open(ctx); err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			if err := e.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := e.Search(ctx, search.Request{Query: "ordering and shipping on-topic"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, it := range res.Items {
				found = found || it.Post.ID == 20
			}
			if !found {
				t.Errorf("question 20 %q not found; got %d hits", want.posts[20].title, len(res.Items))
			}
		})

		t.Run("a second run changes nothing", func(t *testing.T) {
			before := tableCounts(t, st)
			importDump(t, st, dir, Options{})
			after := tableCounts(t, st)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %d before, %d after the second run", k, v, after[k])
				}
			}
		})
	})
}

// xmlPost is what the tests check of a Posts.xml row.
type xmlPost struct {
	typ, parent, accepted int64
	title, tags           string
	score                 int
}

// expected holds the numbers an import of a dump must reproduce.
type expected struct {
	posts  map[int64]xmlPost
	counts map[string]int64
}

// expectFromXML reads a dump with a plain encoding/xml decoder and computes
// what the database must hold after importing it.
func expectFromXML(t *testing.T, dir string) expected {
	t.Helper()
	e := expected{posts: map[int64]xmlPost{}, counts: map[string]int64{}}
	num := func(m map[string]string, k string) int64 {
		n, _ := strconv.ParseInt(m[k], 10, 64)
		return n
	}
	for _, r := range xmlRows(t, filepath.Join(dir, "Posts.xml")) {
		tags, _ := parseTagsForTest(r["Tags"])
		e.posts[num(r, "Id")] = xmlPost{typ: num(r, "PostTypeId"), parent: num(r, "ParentId"),
			accepted: num(r, "AcceptedAnswerId"), title: r["Title"], tags: tags, score: int(num(r, "Score"))}
	}
	isQ := func(id int64) bool { return e.posts[id].typ == 1 }
	isA := func(id int64) bool { p := e.posts[id]; return p.typ == 2 && isQ(p.parent) }
	answers := map[int64]int64{}
	for id, p := range e.posts {
		switch {
		case isQ(id):
			e.counts["questions"]++
			e.counts["tagged questions"] += int64(len(strings.Fields(p.tags)))
			e.counts["score"] += int64(p.score)
			if a := e.posts[p.accepted]; p.accepted != 0 && a.typ == 2 && a.parent == id {
				e.counts["accepted answers"]++
			}
		case isA(id):
			e.counts["answers"]++
			e.counts["score"] += int64(p.score)
			answers[p.parent]++
		}
	}
	e.counts["counted questions"] = e.counts["questions"]
	users := map[string]bool{}
	for _, r := range xmlRows(t, filepath.Join(dir, "Users.xml")) {
		users[r["Id"]] = r["Id"] != "-1" // the Community bot is not imported
	}
	// A post or comment whose author is no imported user keeps the dump's
	// name for it (a deleted user's), for attribution.
	for _, r := range xmlRows(t, filepath.Join(dir, "Posts.xml")) {
		if id := num(r, "Id"); (isQ(id) || isA(id)) && strings.TrimSpace(r["OwnerDisplayName"]) != "" && !users[r["OwnerUserId"]] {
			e.counts["posts by a name"]++
		}
	}
	for _, r := range xmlRows(t, filepath.Join(dir, "Users.xml")) {
		if r["Id"] != "-1" {
			e.counts["users"]++
			e.counts["reputation"] += num(r, "Reputation")
		}
	}
	for _, r := range xmlRows(t, filepath.Join(dir, "Comments.xml")) {
		if id := num(r, "PostId"); isQ(id) || isA(id) {
			e.counts["comments"]++
			if strings.TrimSpace(r["UserDisplayName"]) != "" && !users[r["UserId"]] {
				e.counts["comments by a name"]++
			}
		}
	}
	for _, r := range xmlRows(t, filepath.Join(dir, "Votes.xml")) {
		if id := num(r, "PostId"); (isQ(id) || isA(id)) && (r["VoteTypeId"] == "2" || r["VoteTypeId"] == "3") {
			e.counts["votes"]++
		}
	}
	dups := map[int64]bool{}
	for _, r := range xmlRows(t, filepath.Join(dir, "PostLinks.xml")) {
		if q, d := num(r, "PostId"), num(r, "RelatedPostId"); r["LinkTypeId"] == "3" && isQ(q) && isQ(d) && q != d {
			dups[q] = true
		}
	}
	e.counts["duplicates"] = int64(len(dups))
	closed := map[int64]bool{}
	for _, r := range xmlRows(t, filepath.Join(dir, "Posts.xml")) {
		if id := num(r, "Id"); isQ(id) && r["ClosedDate"] != "" {
			closed[id] = true
		}
	}
	for id := range dups {
		closed[id] = true
	}
	e.counts["closed"] = int64(len(closed))
	// A closed question waits for no answer.
	for id := range e.posts {
		if isQ(id) && answers[id] == 0 && !closed[id] {
			e.counts["unanswered"]++
		}
	}
	return e
}

// parseTagsForTest reads "<a><b>" or "|a|b|" into "a b", lower-cased.
func parseTagsForTest(s string) (string, int) {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '<' || r == '>' || r == '|' })
	return strings.Join(f, " "), len(f)
}

// xmlRows reads every row of a dump file into attribute maps.
func xmlRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]string
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "row" {
			m := make(map[string]string, len(se.Attr))
			for _, a := range se.Attr {
				m[a.Name.Local] = a.Value
			}
			out = append(out, m)
		}
	}
}
