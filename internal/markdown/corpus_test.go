package markdown

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpus is one named list of bad-input payloads.
type corpus struct {
	name  string
	lines []string
}

// corpusDir finds shared/data/bad-input next to the repository root (the
// directory holding go.mod), so the tests work in /work/main and in a clean
// clone such as /tmp/ci/repo with /tmp/ci/shared. A missing corpus fails the
// test under CI=true and skips it otherwise.
func corpusDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			bad := filepath.Join(dir, "..", "shared", "data", "bad-input")
			if _, err := os.Stat(bad); err != nil {
				missingCorpus(t, bad, err)
			}
			return bad
		}
		if filepath.Dir(dir) == dir {
			missingCorpus(t, wd, os.ErrNotExist)
			return ""
		}
	}
}

// missingCorpus stops the test: fatal under CI, skipped on a laptop.
func missingCorpus(t testing.TB, where string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("bad-input corpus not found at %s: %v", where, err)
	}
	t.Skipf("bad-input corpus not found at %s (%v); set CI=true to make this fatal", where, err)
}

// loadCorpora reads blns.txt (without # comments and blank lines), every
// string in blns.json and every line of xss-dev.txt.
func loadCorpora(t testing.TB) []corpus {
	t.Helper()
	dir := corpusDir(t)
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("read corpus: %v", err)
		}
		return string(b)
	}
	var blnsJSON []string
	if err := json.Unmarshal([]byte(read("blns.json")), &blnsJSON); err != nil {
		t.Fatalf("decode blns.json: %v", err)
	}
	var blnsTxt []string
	for _, l := range splitLines(read("blns.txt")) {
		if l != "" && !strings.HasPrefix(l, "#") {
			blnsTxt = append(blnsTxt, l)
		}
	}
	return []corpus{
		{name: "blns.txt", lines: blnsTxt},
		{name: "blns.json", lines: blnsJSON},
		{name: "xss-dev.txt", lines: splitLines(read("xss-dev.txt"))},
	}
}

// splitLines splits on "\n" only, keeping every other byte of each line.
func splitLines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// TestCorpusCounts guards against a truncated or misread corpus, which
// would make every other corpus test pass vacuously.
func TestCorpusCounts(t *testing.T) {
	min := map[string]int{"blns.txt": 500, "blns.json": 500, "xss-dev.txt": 660}
	for _, c := range loadCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			if len(c.lines) < min[c.name] {
				t.Fatalf("%s: %d payloads, want at least %d", c.name, len(c.lines), min[c.name])
			}
		})
	}
}
