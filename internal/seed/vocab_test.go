package seed

import (
	"regexp"
	"strings"
	"testing"
)

var tagRE = regexp.MustCompile(`^[a-z0-9+#.-]{1,35}$`)

// TestVocabulary checks the word lists: valid and unique tags, complete
// topics, known snippets, and text that needs no Markdown escaping.
func TestVocabulary(t *testing.T) {
	if len(vocab) < 150 || len(vocab) > 250 {
		t.Errorf("vocabulary has %d tags, want about 200", len(vocab))
	}
	for i, v := range vocab {
		if !tagRE.MatchString(v.Name) {
			t.Errorf("tag %q is not a valid tag", v.Name)
		}
		if vocabIndex[v.Name] != int16(i) {
			t.Errorf("tag %q listed twice", v.Name)
		}
	}
	var texts []string
	for _, tp := range topics {
		if len(tp.Tags) < 5 || len(tp.Problems) < 2 || len(tp.Tasks) < 2 || len(tp.Steps) < 3 || len(tp.Errors) < 1 {
			t.Errorf("topic %s is thin", tp.Tags[0])
		}
		for _, k := range tp.Code {
			if snippets[k] == nil {
				t.Errorf("topic %s: no snippet %q", tp.Tags[0], k)
			}
		}
		for _, pr := range tp.Problems {
			texts = append(texts, pr.Thing.EN, pr.Thing.DE)
			for _, s := range pr.Symptoms {
				texts = append(texts, s.EN, s.DE)
			}
		}
		for _, ps := range [][]phrase{tp.Tasks, tp.Steps} {
			for _, p := range ps {
				texts = append(texts, p.EN, p.DE)
			}
		}
	}
	for _, ps := range [][]phrase{whens, offices, departments, contexts, tried, triedBusiness, closings, howtoClosings,
		openers, businessOpeners, howtoOpeners, stepIntros, codeIntros, answerClosers, comments} {
		for _, p := range ps {
			texts = append(texts, p.EN, p.DE)
		}
	}
	for _, s := range texts {
		if s == "" || strings.ContainsAny(s, "*_[]<>#\\|~") || strings.Count(s, "`")%2 != 0 || strings.TrimSpace(s) != s {
			t.Errorf("%q: empty, or holds Markdown syntax the generator does not escape", s)
		}
	}
	for _, c := range comments {
		for _, s := range []string{c.EN, c.DE} {
			if n := len([]rune(strings.NewReplacer("{office}", "Köln", "{platform}", "Windows 11").Replace(s))); n < 15 || n > 600 {
				t.Errorf("comment %q: %d characters", s, n)
			}
		}
	}
}
