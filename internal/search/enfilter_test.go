package search_test

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stackdesk/internal/search"
)

// englishCases are words where the English filter's shortcuts could go
// wrong: possessives, case, ß, stop words, the cache's length limit.
var englishCases = []string{
	"Printer's PRINTER'S printer’s O'Neil's 's s's x's IT'S X＇S İstanbul Straße's STRAßE's STRASSE ÆON ΣΑΣ K ǅ",
	"The THE tHe und UND Und für FÜR Running RUNNING runs",
	strings.Repeat("a", 31) + " " + strings.Repeat("b", 32) + " " + strings.Repeat("c", 33) + " " + strings.Repeat("D", 30) + "'S",
	"a\x00b \xff printers' don't can't",
}

// TestEnglishFilterCases compares the English filter with Bleve's filters
// it replaces on englishCases (no shared data needed).
func TestEnglishFilterCases(t *testing.T) {
	compareEnglish(t, englishCases)
}

// TestEnglishFilterMatchesBleve does so over every title and body of the
// shared dumps and the bad-input corpora.
func TestEnglishFilterMatchesBleve(t *testing.T) {
	data := sharedData(t)
	var texts []string
	texts = append(texts, lines(t, filepath.Join(data, "bad-input", "blns.txt"))...)
	texts = append(texts, lines(t, filepath.Join(data, "bad-input", "xss-dev.txt"))...)
	dumps, _ := filepath.Glob(filepath.Join(data, "stackexchange", "*", "Posts.xml"))
	if len(dumps) == 0 {
		t.Fatal("no Posts.xml in the shared data")
	}
	for _, path := range dumps {
		texts = append(texts, postTexts(t, path)...)
	}
	if tokens := compareEnglish(t, texts); tokens < 100000 {
		t.Fatalf("only %d tokens compared", tokens)
	}
}

// compareEnglish requires the same tokens from the English filter and
// Bleve's filters for each text, and returns how many it compared.
func compareEnglish(t *testing.T, texts []string) int {
	t.Helper()
	fused, reference, err := search.EnglishFilters()
	if err != nil {
		t.Fatal(err)
	}
	tokens := 0
	for _, text := range texts {
		// Twice: the second pass reads the filter's cache.
		for range 2 {
			want := reference.Filter(search.Tokenize([]byte(text)))
			got := fused.Filter(search.Tokenize([]byte(text)))
			if len(got) != len(want) {
				t.Fatalf("%q: %d tokens, Bleve's filters give %d", text, len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if string(g.Term) != string(w.Term) || g.Position != w.Position || g.Start != w.Start || g.End != w.End {
					t.Fatalf("%q: token %d = %q@%d [%d:%d], Bleve's filters give %q@%d [%d:%d]",
						text, i, g.Term, g.Position, g.Start, g.End, w.Term, w.Position, w.Start, w.End)
				}
			}
			tokens += len(got)
		}
	}
	return tokens
}

// postTexts returns the titles and bodies (raw HTML) of a Posts.xml.
func postTexts(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	dec := xml.NewDecoder(f)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "row" {
			for _, a := range se.Attr {
				if a.Name.Local == "Title" || a.Name.Local == "Body" {
					out = append(out, a.Value)
				}
			}
		}
	}
}
