package searcheval

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"stackdesk/internal/store/storetest"
)

// requireData returns the shared data folder, or skips the test (fails it
// when CI=true) if it is missing.
func requireData(t testing.TB) string {
	t.Helper()
	dir, err := DataDir()
	if errors.Is(err, ErrNoData) {
		storetest.SkipOrFail(t, "%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// floors are the recall@10 figures the eval reached (see RELEVANCE.md);
// the test allows 0.02 below them.
var floors = map[string]struct{ search, similar float64 }{
	"cardano.stackexchange.com":          {search: 0.600, similar: 0.600},
	"raspberrypi.meta.stackexchange.com": {search: 0.615, similar: 1.000},
}

func TestEvalDuplicates(t *testing.T) {
	data := requireData(t)
	dumps, err := Dumps(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dumps {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			d, err := LoadDump(dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := EvalDuplicates(context.Background(), d, filepath.Join(t.TempDir(), "index"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s (%d questions, %d duplicate pairs, %d linked pairs)\nsearch:  %v\nsimilar: %v\nlinked search:  %v\nlinked similar: %v",
				name, rep.Docs, len(d.Duplicates), len(d.Linked), rep.Search, rep.Similar, rep.LinkedSearch.Summary(), rep.LinkedSimilar.Summary())
			f, ok := floors[name]
			if !ok {
				t.Fatalf("no recall floor recorded for %s", name)
			}
			if rep.Search.R10 < f.search-0.02 {
				t.Errorf("search recall@10 = %.3f, want ≥ %.3f", rep.Search.R10, f.search-0.02)
			}
			if rep.Similar.R10 < f.similar-0.02 {
				t.Errorf("similar recall@10 = %.3f, want ≥ %.3f", rep.Similar.R10, f.similar-0.02)
			}
		})
	}
}
