package qa

import (
	"context"
	"slices"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"stackdesk/internal/markdown"
)

// RenderedDiff is a body as it shows once an edit is saved, with the words
// the edit inserts and removes marked by <ins> and <del>.
type RenderedDiff struct {
	// HTML is sanitised: made only of two sanitised renderings' tags and
	// escaped words, then sanitised again.
	HTML string
	// Coarse: some part changed too much to be compared word by word
	// within its bounds, so whole paragraphs (or the whole body) show as
	// removed and added there.
	Coarse bool
	// work is the sum, over the comparisons made, of the square of the
	// length compared: what their cost is bounded by.
	work int
}

// The bounds of a rendered diff's cost, which grows with the product of
// what is compared and how much of it differs: beyond them, what differs
// is marked whole.
const (
	// renderedBlocksMax bounds the top-level blocks (paragraphs, lists,
	// code blocks) compared one to one, once those the two bodies start
	// and end with alike are set aside.
	renderedBlocksMax = 2000
	// renderedTokensMax bounds the words and tags compared word by word
	// in one run of replaced blocks and the blocks replacing it, once
	// those they start and end with alike are set aside.
	renderedTokensMax = 3000
	// renderedTokensBudget bounds those in all a body's runs of replaced
	// blocks together.
	renderedTokensBudget = 9000
)

// RenderedSuggestion renders a suggested edit's body before and after as
// posts show them (sanitised, @mentions linked) and marks in the one after
// what the edit inserts and removes.
func (s *Service) RenderedSuggestion(ctx context.Context, v *Suggestion) RenderedDiff {
	db := s.Store.DB.WithContext(ctx)
	return diffHTML(render(db, v.OldBody), render(db, v.Body))
}

// RevisionsRenderedMax bounds the revisions whose change one page of a
// post's history renders: each costs two renderings at most and one
// rendered diff, within that diff's bounds. The others show their
// Markdown diff.
const RevisionsRenderedMax = 10

// RenderRevisions renders the changes of revisions, a post's history as
// Revisions returns it (newest first): of revision at and those before
// it, RevisionsRenderedMax at most (from the newest when at is none of
// them). Each gets its body rendered as posts show it, marked where it
// differs from the revision before; the first, with none before, shows
// unmarked. A post imported without Markdown and never edited shows its
// own HTML.
func (s *Service) RenderRevisions(ctx context.Context, revs []Revision, at int) {
	db := s.Store.DB.WithContext(ctx)
	start := 0
	for i, r := range revs {
		if r.Revision == at {
			start = i
			break
		}
	}
	end := min(start+RevisionsRenderedMax, len(revs))
	bodies := make(map[int]string, end-start+1)
	body := func(i int) string {
		h, ok := bodies[i]
		if !ok {
			if revs[i].importedHTML != "" {
				h = markdown.SanitizeHTML(revs[i].importedHTML)
			} else {
				h = render(db, revs[i].BodyMarkdown)
			}
			bodies[i] = h
		}
		return h
	}
	for i := start; i < end; i++ {
		r := &revs[i]
		if i+1 < len(revs) {
			d := diffHTML(body(i+1), body(i))
			r.Rendered = &d
			r.TitleChanges = r.TitleDiff
			r.TagChanges = TagChanges(revs[i+1].Tags, r.Tags)
			continue
		}
		r.Rendered = &RenderedDiff{HTML: markdown.SanitizeHTML(ownMarks(body(i)))}
		r.TitleChanges = []Change{{Op: "=", Text: r.Title}}
		r.TagChanges = TagChanges(r.Tags, r.Tags)
	}
}

// TagChanges lists the tags of two space-separated tag lists: those after,
// kept ("=") or added ("+"), in their order, then those removed ("-").
func TagChanges(before, after string) []Change {
	old := strings.Fields(before)
	var out []Change
	for _, t := range strings.Fields(after) {
		op := "+"
		if slices.Contains(old, t) {
			op = "="
		}
		out = append(out, Change{Op: op, Text: t})
	}
	now := strings.Fields(after)
	for _, t := range old {
		if !slices.Contains(now, t) {
			out = append(out, Change{Op: "-", Text: t})
		}
	}
	return out
}

// diffHTML marks in b, sanitised HTML, what differs from a, sanitised HTML
// too. Top-level blocks are compared first; runs of blocks replaced by
// others are then compared word by word, with tags as words, within the
// bounds above. The result keeps b's elements in b's order: a removed tag
// is left out (a removed image shows, struck through), removed words are
// put where they stood among b's, and words newly inside formatting (made
// bold, made code, a link, or a link to another address) show as inserted,
// as do words taken out of formatting (bold taken off, a link removed):
// only b's tags and escaped words are written, a's formatting is not put
// back. It is sanitised again, which also balances it.
func diffHTML(a, b string) RenderedDiff {
	ba, bb := splitBlocks(ownMarks(a)), splitBlocks(ownMarks(b))
	var codes runeCodes
	ds, exact, n := boundedDiff(codes.encode(ba), codes.encode(bb), renderedBlocksMax)
	out := RenderedDiff{Coarse: !exact, work: n * n}
	w := &diffWriter{}
	budget := renderedTokensBudget
	for i := 0; i < len(ds); i++ {
		blocks := codes.decode(ds[i].Text)
		switch ds[i].Type {
		case diffmatchpatch.DiffEqual:
			w.raw(strings.Join(blocks, "\n"))
		case diffmatchpatch.DiffDelete:
			if i+1 < len(ds) && ds[i+1].Type == diffmatchpatch.DiffInsert {
				added := codes.decode(ds[i+1].Text)
				i++
				work, ok := w.words(strings.Join(blocks, "\n"), strings.Join(added, "\n"), &budget)
				out.work += work
				if !ok {
					out.Coarse = true
					w.wrap("del", blocks)
					w.wrap("ins", added)
				}
			} else {
				w.wrap("del", blocks)
			}
		case diffmatchpatch.DiffInsert:
			w.wrap("ins", blocks)
		}
		w.raw("\n")
	}
	out.HTML = markdown.SanitizeHTML(strings.TrimSuffix(w.b.String(), "\n"))
	return out
}

// ownMarks makes a body's own <del> and <ins> (strikethrough, or HTML
// written in the post) <s> and <u>, which look the same, so that in a
// rendered diff <del> and <ins> mark only what the edit changes.
func ownMarks(s string) string {
	if !strings.Contains(s, "<del") && !strings.Contains(s, "<ins") {
		return s
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.DataAtom {
			case atom.Del:
				tok.Data, tok.DataAtom, tok.Attr = "s", atom.S, nil
			case atom.Ins:
				tok.Data, tok.DataAtom, tok.Attr = "u", atom.U, nil
			}
			b.WriteString(tok.String())
		default:
			b.Write(z.Raw())
		}
	}
}

// splitBlocks cuts sanitised HTML into its top-level nodes, each rendered
// back; white space between them is left out.
func splitBlocks(s string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil { // nested too deep: one block
		return []string{s}
	}
	var out []string
	for _, n := range nodes {
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) == "" {
			continue
		}
		var b strings.Builder
		if err := html.Render(&b, n); err != nil {
			return []string{s}
		}
		out = append(out, b.String())
	}
	return out
}

// runeCodes numbers distinct strings as runes (as diffWords does), so
// diffmatchpatch compares sequences of them.
type runeCodes struct {
	ids  map[string]rune
	list []string
}

func (c *runeCodes) encode(items []string) []rune {
	if c.ids == nil {
		c.ids = map[string]rune{}
	}
	out := make([]rune, len(items))
	for i, s := range items {
		id, ok := c.ids[s]
		if !ok {
			id = tokenRune(len(c.list))
			c.ids[s] = id
			c.list = append(c.list, s)
		}
		out[i] = id
	}
	return out
}

func (c *runeCodes) decode(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, c.list[tokenIndex(r)])
	}
	return out
}

// boundedDiff compares a and b when what lies between their common start
// and end is at most max runes long in all; otherwise it returns that part
// as removed and added whole, and exact false. The comparison's cost grows
// with the product of that length and how much of it differs, so it stays
// within max²; n is that length when compared, 0 otherwise.
func boundedDiff(a, b []rune, max int) (ds []diffmatchpatch.Diff, exact bool, n int) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	midA, midB := a[p:len(a)-q], b[p:len(b)-q]
	if n := len(midA) + len(midB); n <= max {
		dmp := diffmatchpatch.New()
		dmp.DiffTimeout = 0 // bounded by max instead, so the result does not depend on the machine's speed
		return dmp.DiffMainRunes(a, b, false), true, n
	}
	add := func(t diffmatchpatch.Operation, rs []rune) {
		if len(rs) > 0 {
			ds = append(ds, diffmatchpatch.Diff{Type: t, Text: string(rs)})
		}
	}
	add(diffmatchpatch.DiffEqual, a[:p])
	add(diffmatchpatch.DiffDelete, midA)
	add(diffmatchpatch.DiffInsert, midB)
	add(diffmatchpatch.DiffEqual, a[len(a)-q:])
	return ds, false, 0
}

// diffWriter builds a rendered diff.
type diffWriter struct {
	b strings.Builder
	// open is the mark ("ins" or "del") around the words being written,
	// or "".
	open string
	// inline is, for each formatting element of b open (a link, strong,
	// code), whether its start tag is not a's: a link to another address,
	// or formatting added, whose words show as inserted.
	inline []bool
	// dropped is, for each formatting element of a open, whether the
	// edit removes it (bold taken off, a link removed, or a link's
	// address changed): the words kept inside it show as inserted too,
	// since they no longer look or lead as they did.
	dropped []bool
}

// formatting are the elements that change how words look or where they
// lead, not where they stand: text newly inside one shows as inserted.
// Headings and the two kinds of list count too: a warning heading made a
// paragraph, or steps made bullets, change how the words read.
var formatting = map[atom.Atom]bool{atom.A: true, atom.Strong: true, atom.Em: true, atom.B: true, atom.I: true,
	atom.Code: true, atom.S: true, atom.U: true, atom.Kbd: true, atom.Sub: true, atom.Sup: true, atom.Mark: true,
	atom.Small: true, atom.Strike: true, atom.Tt: true, atom.Q: true, atom.Abbr: true, atom.Cite: true, atom.Dfn: true,
	atom.Var: true, atom.Samp: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Ol: true, atom.Ul: true}

// reformatted reports whether the words being written are inside
// formatting that a does not have there, or were inside formatting of a
// that the edit removes.
func (w *diffWriter) reformatted() bool {
	return slices.Contains(w.inline, true) || slices.Contains(w.dropped, true)
}

// raw writes sanitised HTML as it is.
func (w *diffWriter) raw(s string) {
	w.mark("")
	w.b.WriteString(s)
}

// wrap writes whole blocks of sanitised HTML as removed or inserted.
func (w *diffWriter) wrap(mark string, blocks []string) {
	w.mark("")
	if len(blocks) == 0 {
		return
	}
	w.b.WriteString("<" + mark + ">")
	w.b.WriteString(strings.Join(blocks, "\n"))
	w.b.WriteString("</" + mark + ">")
}

// mark closes the mark open, if it is not m, and opens m.
func (w *diffWriter) mark(m string) {
	if w.open == m {
		return
	}
	if w.open != "" {
		w.b.WriteString("</" + w.open + ">")
	}
	if m != "" {
		w.b.WriteString("<" + m + ">")
	}
	w.open = m
}

// htmlToken is a tag or a word of sanitised HTML.
type htmlToken struct {
	key  string // what is compared: the tag as rendered, or the word
	out  string // what is written: the tag, or the word escaped
	text bool
	atom atom.Atom
	kind html.TokenType
}

// tokenize cuts sanitised HTML into tags and words (as words cuts text).
func tokenize(s string) []htmlToken {
	var out []htmlToken
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			for _, w := range words(string(z.Text())) {
				out = append(out, htmlToken{key: "t" + w, out: html.EscapeString(w), text: true})
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			raw := tok.String()
			out = append(out, htmlToken{key: "<" + raw, out: raw, atom: tok.DataAtom, kind: tt})
		}
	}
}

// words writes the word diff of blocks a replaced by blocks b, unless
// the tags and words that differ between their common start and end are
// more than the bounds allow: then it writes nothing and reports false.
// work is the square of the length compared.
func (w *diffWriter) words(a, b string, budget *int) (work int, ok bool) {
	ta, tb := tokenize(a), tokenize(b)
	keys := func(ts []htmlToken) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.key
		}
		return out
	}
	var codes runeCodes
	ra, rb := codes.encode(keys(ta)), codes.encode(keys(tb))
	ds, exact, n := boundedDiff(ra, rb, min(renderedTokensMax, *budget))
	if !exact {
		return 0, false
	}
	*budget -= n
	ds = joinSpaces(ds, &codes)
	w.inline, w.dropped = w.inline[:0], w.dropped[:0]
	ia, ib := 0, 0
	for _, d := range ds {
		k := len([]rune(d.Text))
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			w.tokens(tb[ib:ib+k], "")
			ia, ib = ia+k, ib+k
		case diffmatchpatch.DiffDelete:
			w.tokens(ta[ia:ia+k], "del")
			ia += k
		case diffmatchpatch.DiffInsert:
			w.tokens(tb[ib:ib+k], "ins")
			ib += k
		}
	}
	w.mark("")
	return n * n, true
}

// joinSpaces makes white space kept between words replaced (the spaces of
// a rewritten sentence) part of the replacement, so the sentence shows
// removed and added whole rather than word for word in turn. Each run of
// changes becomes one removal and one insertion, in their order.
func joinSpaces(ds []diffmatchpatch.Diff, codes *runeCodes) []diffmatchpatch.Diff {
	space := func(d diffmatchpatch.Diff) bool {
		for _, r := range d.Text {
			k := codes.list[tokenIndex(r)]
			if k[0] != 't' || strings.TrimSpace(k[1:]) != "" {
				return false
			}
		}
		return true
	}
	var out []diffmatchpatch.Diff
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for i, d := range ds {
		switch {
		case d.Type == diffmatchpatch.DiffDelete:
			del.WriteString(d.Text)
		case d.Type == diffmatchpatch.DiffInsert:
			ins.WriteString(d.Text)
		case i > 0 && i+1 < len(ds) && ds[i+1].Type != diffmatchpatch.DiffEqual && space(d):
			del.WriteString(d.Text)
			ins.WriteString(d.Text)
		default:
			flush()
			out = append(out, d)
		}
	}
	flush()
	return out
}

// tokens writes a run of tokens kept (op ""), removed ("del") or inserted
// ("ins"). Removed tags are left out but for images; white space alone is
// not marked.
func (w *diffWriter) tokens(ts []htmlToken, op string) {
	for i := 0; i < len(ts); {
		t := ts[i]
		if !t.text {
			w.tag(t, op)
			i++
			continue
		}
		j := i
		var run strings.Builder
		for ; j < len(ts) && ts[j].text; j++ {
			run.WriteString(ts[j].out)
		}
		i = j
		m := op
		if m == "" && w.reformatted() {
			m = "ins"
		}
		if strings.TrimSpace(run.String()) == "" {
			if op == "del" {
				continue
			}
			m = "" // white space joins the inserted words around it, never removed ones
			if w.open == "ins" {
				m = "ins"
			}
		}
		w.mark(m)
		w.b.WriteString(run.String())
	}
}

func (w *diffWriter) tag(t htmlToken, op string) {
	if t.atom == atom.Img {
		if op == "" {
			w.raw(t.out)
		} else {
			w.mark(op)
			w.b.WriteString(t.out)
			w.mark("")
		}
		return
	}
	if formatting[t.atom] {
		// a's formatting: its tags are those kept and removed.
		if op != "ins" {
			w.dropped = nest(w.dropped, t.kind, op == "del")
		}
		// b's: those kept and inserted.
		if op != "del" {
			w.inline = nest(w.inline, t.kind, op == "ins")
		}
	}
	if op != "del" {
		w.raw(t.out)
	}
}

// nest opens (a start tag) or closes (an end tag) a formatting element in
// open, the elements of one side open, each with whether it changed.
func nest(open []bool, kind html.TokenType, changed bool) []bool {
	switch kind {
	case html.StartTagToken:
		return append(open, changed)
	case html.EndTagToken:
		if n := len(open); n > 0 {
			return open[:n-1]
		}
	}
	return open
}
