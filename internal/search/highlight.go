package search

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// Snippet bounds.
const (
	snippetRunes   = 200  // visible characters, ellipses included
	snippetContext = 30   // runes shown before the first match
	snippetScan    = 8000 // bytes of a long text considered for snippets
)

// span is one matched word in a text: byte offsets and the matched term.
type span struct {
	start, end int
	term       string
}

// highlight loads the stored title, body and accepted answer of a hit and
// fills its Highlight and TitleHighlight.
func (ix *Index) highlight(h *Hit, id string, ts termSet) error {
	doc, err := ix.idx.Document(id)
	if err != nil {
		return fmt.Errorf("search: load %s: %w", id, err)
	}
	if doc == nil {
		return nil
	}
	var title, body, accepted string
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case fTitleEN:
			title = string(f.Value())
		case fBodyEN:
			body = string(f.Value())
		case fAcceptedEN:
			accepted = string(f.Value())
		}
	})
	h.TitleHighlight, h.Highlight = ix.snippets(title, body, accepted, ts)
	return nil
}

// snippets returns the marked title and the best short snippet: from the
// body or accepted answer, whichever matches more distinct terms, else the
// title if it matches, else the start of the body.
func (ix *Index) snippets(title, body, accepted string, ts termSet) (string, string) {
	title = collapse(title, snippetScan)
	tSpans := ix.matches(title, ts)
	titleHL := render(title, tSpans, 0, len(title))

	type cand struct {
		text  string
		spans []span
	}
	var best cand
	bestN := 0
	for _, t := range []string{body, accepted} {
		t = collapse(t, snippetScan)
		sp := ix.matches(t, ts)
		if n := distinct(sp); n > bestN {
			best, bestN = cand{t, sp}, n
		}
	}
	switch {
	case bestN > 0:
	case len(tSpans) > 0:
		best = cand{title, tSpans}
	default:
		best = cand{collapse(body, snippetScan), nil}
		if best.text == "" {
			best.text = collapse(accepted, snippetScan)
		}
	}
	return titleHL, snippet(best.text, best.spans, snippetRunes)
}

// matches finds the words of text whose English or German term is in ts.
// Each distinct word is analyzed once, and only if it might match (see
// termSet.maybe), which keeps snippets cheap on long posts.
func (ix *Index) matches(text string, ts termSet) []span {
	if text == "" || ts.empty() {
		return nil
	}
	var out []span
	memo := map[string]string{}
	toks := (wordTokenizer{}).Tokenize([]byte(text))
	for _, tok := range toks {
		w := text[tok.Start:tok.End]
		term, seen := memo[w]
		if !seen {
			term = ix.matchWord(w, ts)
			memo[w] = term
		}
		if term != "" {
			out = append(out, span{tok.Start, tok.End, term})
		}
	}
	if ts.phrases != nil && len(*ts.phrases) > 0 {
		out = ix.markPhrases(toks, out, ts)
	}
	return out
}

// markPhrases replaces the spans of words that only a phrase of several
// words brought in by one span for each place the whole phrase stands
// (its stop words included): "stake pool" marks "a <mark>stake
// pool</mark>", not "active <mark>stake</mark>". A plain word's spans stay,
// except inside a phrase's span.
func (ix *Index) markPhrases(toks analysis.TokenStream, spans []span, ts termSet) []span {
	low := make([]string, len(toks))
	word := func(i int) string {
		if low[i] == "" {
			low[i] = strings.ToLower(string(toks[i].Term))
		}
		return low[i]
	}
	var whole []span
	for pi, e := range *ts.phrases {
		n := len(e.words)
		for i := 0; i+n <= len(toks); i++ {
			if ix.phraseAt(e, word, i) {
				whole = append(whole, span{toks[i].Start, toks[i+n-1].End, "phrase:" + strconv.Itoa(pi)})
				i += n - 1
			}
		}
	}
	inside := func(s span) bool {
		for _, w := range whole {
			if s.start >= w.start && s.end <= w.end {
				return true
			}
		}
		return false
	}
	var out []span
	for _, s := range spans {
		if ts.plain[s.term] && !inside(s) {
			out = append(out, s)
		}
	}
	out = append(out, whole...)
	slices.SortStableFunc(out, func(a, b span) int { return a.start - b.start })
	// Two phrases may overlap: the first keeps its place.
	kept := out[:0]
	end := -1
	for _, s := range out {
		if s.start >= end {
			kept = append(kept, s)
			end = s.end
		}
	}
	return kept
}

// matchWord returns the query term that word w analyzes to, or "".
func (ix *Index) matchWord(w string, ts termSet) string {
	if !ts.maybe(w) {
		return ""
	}
	for _, tok := range ix.en.Analyze([]byte(w)) {
		if ts.en[string(tok.Term)] {
			return string(tok.Term)
		}
	}
	for _, tok := range ix.de.Analyze([]byte(w)) {
		if ts.de[string(tok.Term)] {
			return "de:" + string(tok.Term)
		}
	}
	return ""
}

// distinct counts the different terms among spans.
func distinct(spans []span) int {
	seen := map[string]bool{}
	for _, s := range spans {
		seen[s.term] = true
	}
	return len(seen)
}

// snippet cuts a window of at most limit visible runes from text around
// the densest group of spans, at word boundaries, with "…" where cut.
func snippet(text string, spans []span, limit int) string {
	if utf8.RuneCountInString(text) <= limit {
		return render(text, spans, 0, len(text))
	}
	offs := runeOffsets(text)
	nr := len(offs) - 1
	width := limit - 2 // room for two ellipses
	startR := 0
	bestN := 0
	for _, sp := range spans {
		s := max(0, runeAt(offs, sp.start)-snippetContext)
		e := min(nr, s+width)
		var in []span
		for _, x := range spans {
			if x.start >= offs[s] && x.end <= offs[e] {
				in = append(in, x)
			}
		}
		if n := distinct(in); n > bestN {
			bestN, startR = n, s
		}
	}
	endR := min(nr, startR+width)
	if startR > 0 {
		for i := startR; i < min(endR, startR+15); i++ {
			if text[offs[i]] == ' ' {
				startR = i + 1
				break
			}
		}
	}
	if endR < nr {
		for i := endR; i > max(startR, endR-15); i-- {
			if text[offs[i]] == ' ' {
				endR = i
				break
			}
		}
	}
	var b strings.Builder
	if startR > 0 {
		b.WriteString("…")
	}
	b.WriteString(render(text, spans, offs[startR], offs[endR]))
	if endR < nr {
		b.WriteString("…")
	}
	return b.String()
}

// render HTML-escapes text[from:to] and wraps the spans wholly inside it
// in <mark>…</mark>.
func render(text string, spans []span, from, to int) string {
	var b strings.Builder
	at := from
	for _, s := range spans {
		if s.start < from || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return b.String()
}

// runeOffsets returns the byte offset of every rune of s, plus len(s).
func runeOffsets(s string) []int {
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// runeAt returns the index of the rune starting at byte offset b.
func runeAt(offs []int, b int) int {
	i, _ := slices.BinarySearch(offs, b)
	return i
}

// collapse cleans text for display: at most limit bytes (cut at a rune
// boundary), invalid UTF-8 and control characters dropped, runs of white
// space folded to one space.
func collapse(s string, limit int) string {
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range strings.ToValidUTF8(s, "") {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}
