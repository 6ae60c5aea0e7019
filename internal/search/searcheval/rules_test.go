package searcheval

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"

	"stackdesk/internal/search"
	"stackdesk/internal/store/storetest"
)

// rulesDump is the dump the rules are checked on: the larger one, with
// tags common enough to matter (plutus is on a fifth of its questions).
const rulesDump = "cardano.stackexchange.com"

// TestRulesOnTheDump checks two rules of Get help and Related on every
// question of a real dump, with the dump's own words, numbers and tags
// (none of its text is kept here):
//   - Related: a question that shares only common tags (search.CommonTag)
//     with another is listed beside it only if it also holds a telling
//     word of its title (a stem in fewer titles than a common tag has
//     questions), a rare tag the title names, or half the title's words;
//     rare-tag and common-tag-with-word relations both occur.
//   - Get help: a problem of a frequent title word and a bare number
//     ("transaction 2") suggests only questions holding the word: the
//     number counts for no word of the problem.
func TestRulesOnTheDump(t *testing.T) {
	dir := filepath.Join(requireData(t), "stackexchange", rulesDump)
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		storetest.SkipOrFail(t, "searcheval: %v", err)
	}
	d, err := LoadDump(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.SetClock(func() time.Time { return d.Latest })
	if err := IndexAll(ix, d.Docs, 1000); err != nil {
		t.Fatal(err)
	}
	stems := analyses(t)
	n := float64(len(d.Docs))
	byID := map[int64]*search.Document{}
	tagDF := map[string]float64{}
	titleDF := map[string]float64{}          // stem → titles holding it
	textStems := map[int64]map[string]bool{} // title, body and accepted answer
	original := map[int64]bool{}             // a hit may stand for its duplicate
	for i := range d.Docs {
		q := &d.Docs[i]
		byID[q.ID] = q
		for _, tag := range q.Tags {
			tagDF[tag]++
		}
		for s := range stems(q.Title) {
			titleDF[s]++
		}
		textStems[q.ID] = stems(q.Title + "\n" + q.Body + "\n" + q.Accepted)
		if q.DuplicateOf != 0 {
			original[q.DuplicateOf] = true
		}
	}
	ctx := context.Background()

	t.Run("Related", func(t *testing.T) {
		var rare, common, bad int
		for _, q := range d.Docs {
			hits, err := ix.Related(ctx, q.Title, q.Tags, 8, q.ID)
			if err != nil {
				t.Fatal(err)
			}
			telling := map[string]bool{}
			for s := range stems(q.Title) {
				if !search.CommonTag(titleDF[s], n) {
					telling[s] = true
				}
			}
			for _, h := range hits {
				r := byID[h.ID]
				if original[h.ID] || r == nil {
					continue
				}
				shared := slices.DeleteFunc(slices.Clone(r.Tags), func(tag string) bool { return !slices.Contains(q.Tags, tag) })
				switch {
				case len(shared) == 0:
					// words alone (half the title's): another rule
				case slices.ContainsFunc(shared, func(tag string) bool { return !search.CommonTag(tagDF[tag], n) }):
					rare++
				case anyIn(telling, textStems[h.ID]):
					common++
				case names(q.Title, r.Tags, func(tag string) bool { return !search.CommonTag(tagDF[tag], n) }):
					// a rare tag its title names ("multi-sig" is multisig)
				case half(q.Title, stems, textStems[h.ID]):
					// half the title's words: another rule
				default:
					if bad++; bad <= 5 {
						t.Errorf("question %d lists %d, which shares only the common tags %v and no telling word", q.ID, h.ID, shared)
					}
				}
			}
		}
		t.Logf("%d questions: %d related through a rare tag, %d through a common tag and a word, %d through a common tag alone", len(d.Docs), rare, common, bad)
		if rare == 0 || common == 0 {
			t.Errorf("the dump no longer shows both relations (rare tag %d, common tag and word %d)", rare, common)
		}
	})

	t.Run("Suggest", func(t *testing.T) {
		words, numbers := titleWordsAndNumbers(d.Docs, stems, 3, 40)
		if len(words) < 3 || len(numbers) < 10 {
			t.Fatalf("the dump's titles give words %v and numbers %v", words, numbers)
		}
		var problems, listed, bad int
		for _, w := range words {
			ws := stems(w)
			for _, num := range numbers {
				problem := w + " " + num
				hits, err := ix.Suggest(ctx, problem, 10)
				if err != nil {
					t.Fatal(err)
				}
				problems++
				for _, h := range hits {
					r := byID[h.ID]
					if original[h.ID] || r == nil {
						continue
					}
					listed++
					if !anyIn(ws, textStems[h.ID]) && !slices.Contains(r.Tags, w) {
						if bad++; bad <= 5 {
							t.Errorf("Suggest(%q) lists %d, which does not hold %q", problem, h.ID, w)
						}
					}
				}
			}
		}
		t.Logf("%d problems of the words %v and numbers %v: %d suggestions, %d without the word", problems, words, numbers, listed, bad)
		if listed == 0 {
			t.Error("no suggestion at all: the check checks nothing")
		}
	})
}

// analyses returns the terms of a text as Bleve's English and
// German analyses give them (stop words out, stems), the German ones
// marked "de:": the index reads titles in both.
func analyses(t *testing.T) func(string) map[string]bool {
	t.Helper()
	c := registry.NewCache()
	enA, err := c.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	deA, err := c.AnalyzerNamed(de.AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	return func(text string) map[string]bool {
		out := map[string]bool{}
		for _, tok := range enA.Analyze([]byte(text)) {
			out[string(tok.Term)] = true
		}
		for _, tok := range deA.Analyze([]byte(text)) {
			out["de:"+string(tok.Term)] = true
		}
		return out
	}
}

// bareNumberRE is a number that is no identifier under any reading: up to
// four digits.
var bareNumberRE = regexp.MustCompile(`^[0-9]{1,4}$`)

// titleWordsAndNumbers returns the k words of letters (four or more, not
// stop words) most titles hold, and up to m distinct bare numbers the
// titles hold, in order of first appearance.
func titleWordsAndNumbers(docs []search.Document, stems func(string) map[string]bool, k, m int) (words, numbers []string) {
	count := map[string]int{}
	seen := map[string]bool{}
	letters := regexp.MustCompile(`^[a-z]{4,}$`)
	for _, q := range docs {
		inTitle := map[string]bool{}
		for _, w := range search.ProblemWords(q.Title) {
			w = strings.ToLower(w)
			switch {
			case letters.MatchString(w) && english(stems(w)):
				inTitle[w] = true
			case bareNumberRE.MatchString(w) && !seen[w] && len(numbers) < m:
				seen[w] = true
				numbers = append(numbers, w)
			}
		}
		for w := range inTitle {
			count[w]++
		}
	}
	for w := range count {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return words[:min(k, len(words))], numbers
}

// names reports whether the title, its letters and digits run together,
// holds one of tags (hyphens out) for which rare holds.
func names(title string, tags []string, rare func(string) bool) bool {
	run := strings.ToLower(strings.Join(search.ProblemWords(title), ""))
	for _, tag := range tags {
		if rare(tag) && strings.Contains(run, strings.ReplaceAll(tag, "-", "")) {
			return true
		}
	}
	return false
}

// half reports whether the text's terms hold at least half the title's
// words (those the English analysis keeps, stop words out), each in
// either analysis.
func half(title string, stems func(string) map[string]bool, text map[string]bool) bool {
	words, in := 0, 0
	for _, w := range search.ProblemWords(title) {
		ws := stems(w)
		if !english(ws) {
			continue
		}
		words++
		if anyIn(ws, text) {
			in++
		}
	}
	return words > 0 && 2*in >= words
}

// english reports whether terms hold an English one (not "de:").
func english(terms map[string]bool) bool {
	for k := range terms {
		if !strings.HasPrefix(k, "de:") {
			return true
		}
	}
	return false
}

// anyIn reports whether some key of a is in b.
func anyIn(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
