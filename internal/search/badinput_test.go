package search_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/search"
	"stackdesk/internal/search/searcheval"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/testkit/race"
)

// badInputBudget is how long one search of bad input may take.
// The race detector slows everything; the budget allows for it.
var badInputBudget = race.Budget(200 * time.Millisecond)

// sharedData returns the shared data folder, or skips (fails when CI=true).
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := searcheval.DataDir()
	if errors.Is(err, searcheval.ErrNoData) {
		storetest.SkipOrFail(t, "%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// lines reads a payload file, one payload a line, keeping every byte.
func lines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBadInput(t *testing.T) {
	data := sharedData(t)
	dumps, err := searcheval.Dumps(data)
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	ix, err := search.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var loaded []*searcheval.Dump
	for _, dir := range dumps {
		d, err := searcheval.LoadDump(dir)
		if err != nil {
			t.Fatal(err)
		}
		loaded = append(loaded, d)
		if err := searcheval.IndexAll(ix, d.Docs, 1000); err != nil {
			t.Fatal(err)
		}
	}
	v, err := searcheval.LoadVocab(loaded)
	if err != nil {
		t.Fatal(err)
	}
	var gen []search.Document
	for id := int64(1_000_000); id < 1_001_000; id++ {
		gen = append(gen, v.Doc(id))
	}
	if err := searcheval.IndexAll(ix, gen, 1000); err != nil {
		t.Fatal(err)
	}

	queries := []string{
		strings.Repeat("vpn password reset ", 530)[:10000],
		strings.Repeat("x", 10000),
		strings.Repeat(`"a `, 3000),
		"*a*a*a*", "/.*.*.*/", `/(a+)+$/`, "a* b? c~2 d^3 e:f", `"unbalanced`, `[unbalanced`, `]]]][[[`,
		`"a" "b`, `-"`, "-[", "\x00\x01\x02\x1b[31m", "\xff\xfe\xfd", "wallet\u202etxt.exe", "\u200b\u200b",
		"created:>9999-99-99 score:99999999999999999999 user:0 answers:-5",
		strings.Repeat("[tag]", 500), strings.Repeat("-", 1000), strings.Repeat("is:answered ", 200),
	}
	queries = append(queries, lines(t, filepath.Join(data, "bad-input", "blns.txt"))...)
	queries = append(queries, lines(t, filepath.Join(data, "bad-input", "xss-dev.txt"))...)

	n, _ := ix.Count()
	t.Logf("indexed %d questions in %v", n, time.Since(began))
	began = time.Now()
	var slow []string
	sorts := []string{"", search.SortNewest, search.SortVotes, search.SortActive}
	for i, q := range queries {
		took := run(t, ix, q, sorts[i%len(sorts)])
		// A slow run may be the machine (other tests run beside this one);
		// a slow query is slow every time: its fastest of three counts.
		for try := 1; try < 3 && took > badInputBudget; try++ {
			took = min(took, run(t, ix, q, sorts[i%len(sorts)]))
		}
		if took > badInputBudget {
			slow = append(slow, q)
			t.Logf("%v for %.60q", took, q)
		}
	}
	t.Logf("%d queries (search and similar) in %v", len(queries), time.Since(began))
	if len(slow) > 0 {
		t.Errorf("%d of %d bad inputs took over %v three times", len(slow), len(queries), badInputBudget)
	}
}

// run searches for q and looks for similar questions to it, checks the
// results, and returns the longer of the two durations.
func run(t *testing.T, ix *search.Index, q, sort string) time.Duration {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	res, err := ix.Search(ctx, search.Request{Query: q, Sort: sort})
	took := time.Since(start)
	if err != nil {
		t.Errorf("Search(%q): %v", q, err)
		return took
	}
	for _, h := range res.Hits {
		for _, s := range []string{h.Highlight, h.TitleHighlight} {
			rest := strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
			if strings.ContainsAny(rest, `<>"'`) {
				t.Errorf("Search(%q): unsafe highlight %q", q, s)
			}
		}
	}
	start = time.Now()
	if _, err := ix.Similar(ctx, q, q, 10, 0); err != nil {
		t.Errorf("Similar(%q): %v", q, err)
	}
	return max(took, time.Since(start))
}
