package importer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestBrokenInput imports the hand-written broken dumps of testdata: each
// bad row is skipped with its file and line, each truncated file stops
// after its last complete row, and what is imported stays consistent.
func TestBrokenInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		dump      string
		batch     int
		fileErr   error            // the error Import returns, if any
		file      string           // the file checked below
		imported  int64            // its rows imported
		skipped   map[string]int64 // its rows skipped, by reason
		messages  []string         // in the summary
		posts     int64            // posts in the database afterwards
		questions int64            // and questions
	}{
		{
			dump: "se-truncated", fileErr: ErrTruncated, file: "Posts.xml", imported: 3,
			messages: []string{
				"Posts.xml:6: file is truncated: it ends in the middle of a row",
				"Users.xml:4: file is truncated: it ends before the closing </users> tag",
			},
			posts: 3, questions: 2,
		},
		{
			dump: "se-missing-parent", file: "Posts.xml", imported: 2,
			skipped: map[string]int64{ReasonMissingParent: 2, ReasonNotQuestion: 1},
			messages: []string{
				"Posts.xml:5: answer 3: its question 50 is not in the dump",
				"Posts.xml:6: answer 4 has no ParentId",
				"Posts.xml:7: answer 5: its parent 2 is not a question",
			},
			posts: 2, questions: 1,
		},
		{
			dump: "se-unknown-type", file: "Posts.xml", imported: 1,
			skipped: map[string]int64{ReasonUnknownType: 1, ReasonBadRow: 3},
			messages: []string{
				"Posts.xml:4: post 2: PostTypeId 99 is not a Stack Exchange post type",
				`Posts.xml:5: attribute PostTypeId="abc" is not an integer`,
				"Posts.xml:6: attribute PostTypeId is missing",
				`Posts.xml:7: attribute CreationDate="yesterday" is not a date`,
			},
			posts: 1, questions: 1,
		},
		{
			dump: "se-duplicate-id", batch: 1, file: "Posts.xml", imported: 2,
			skipped: map[string]int64{ReasonDuplicateID: 2},
			messages: []string{
				"Posts.xml:4: duplicate post Id 1: an earlier row has this Id",
				"Posts.xml:6: duplicate post Id 2: an earlier row has this Id",
				"Users.xml:4: duplicate user Id 1: an earlier row has this Id",
			},
			posts: 2, questions: 1,
		},
	}
	for _, c := range cases {
		t.Run(c.dump, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				sum, err := Import(context.Background(), st, testdata(t, c.dump), Options{BatchSize: c.batch})
				switch {
				case c.fileErr == nil && err != nil:
					t.Fatalf("import: %v", err)
				case c.fileErr != nil && !errors.Is(err, c.fileErr):
					t.Fatalf("import error = %v, want %v", err, c.fileErr)
				}
				f := sum.File(c.file)
				if f.Imported != c.imported || !sameCounts(f.Skipped, c.skipped) {
					t.Errorf("%s: imported %d, skipped %v; want %d, %v", c.file, f.Imported, f.Skipped, c.imported, c.skipped)
				}
				text := sum.String()
				for _, m := range c.messages {
					if !strings.Contains(text, m) {
						t.Errorf("summary lacks %q:\n%s", m, text)
					}
				}
				if n := count(t, st, "SELECT COUNT(*) FROM posts"); n != c.posts {
					t.Errorf("posts = %d, want %d", n, c.posts)
				}
				if n, _ := store.CounterValue(st.DB, "questions"); n != c.questions {
					t.Errorf("questions counter = %d, want %d", n, c.questions)
				}
				noDrift(t, st)
				// A second run over the same broken files adds nothing.
				before := tableCounts(t, st)
				Import(context.Background(), st, testdata(t, c.dump), Options{BatchSize: c.batch})
				after := tableCounts(t, st)
				for k, v := range before {
					if after[k] != v && k != "import_progress" {
						t.Errorf("%s: %d before, %d after a second run", k, v, after[k])
					}
				}
			})
		})
	}
}

// TestDuplicateIDKeepsTheFirstRow checks which row of a repeated Id wins.
func TestDuplicateIDKeepsTheFirstRow(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	importDump(t, st, testdata(t, "se-duplicate-id"), Options{BatchSize: 1})
	if p := loadPost(t, st, 1); p.Title != "The first question one" || p.AnswerCount != 1 {
		t.Errorf("post 1 = %q with %d answers", p.Title, p.AnswerCount)
	}
	if u := loadUser(t, st, 1); u.DisplayName != "Ann" || u.Reputation != 10 {
		t.Errorf("user 1 = %q with %d reputation", u.DisplayName, u.Reputation)
	}
}

// TestMissingPostsFile refuses a folder without Posts.xml.
func TestMissingPostsFile(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	_, err := Import(context.Background(), st, t.TempDir(), Options{})
	if err == nil || !strings.Contains(err.Error(), "has no Posts.xml") {
		t.Fatalf("err = %v", err)
	}
}
