package markdown

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML written on lines of its own (CommonMark's HTML blocks) is markup
// only where the post can keep it: nothing a user typed may vanish. The
// sanitiser drops the elements it does not keep, with the text of some
// (<script>, <style>, <textarea>), and an HTML block turns Markdown off up
// to its end, so "<script>alert(2)</script> and the rest" at the start of
// a paragraph lost its tag, its text and the Markdown of the rest. So:
//
//   - a line that would start an HTML block with a tag the post cannot keep
//     (not written in lower case, not an element the policy keeps, an <img>
//     or <input> the sanitiser would drop) or with an inline element's tag
//     (<b>, <img>: those belong in paragraphs), or with a processing instruction, a declaration
//     or CDATA, starts no HTML block: it is read as a paragraph, where such
//     tags show as typed (rawtags.go), and its Markdown works;
//   - inside an HTML block that stays (a <div>, a <details>), every tag,
//     instruction or declaration the post cannot keep shows as typed, and so
//     does a tag or comment left unfinished at the block's end, which would
//     otherwise swallow what follows it.
//
// HTML comments stay markup, which the sanitiser drops: on Stack Exchange
// (and GitHub) they are notes the reader does not see.

// blockParsers returns goldmark's block parsers with its HTML block parser
// wrapped by typedHTMLBlocks.
func blockParsers() []util.PrioritizedValue {
	out := parser.DefaultBlockParsers()
	for i, v := range out {
		if p, ok := v.Value.(parser.BlockParser); ok && bytes.Equal(p.Trigger(), []byte{'<'}) {
			out[i] = util.Prioritized(typedHTMLBlocks{p}, v.Priority)
		}
	}
	return out
}

// typedHTMLBlocks is goldmark's HTML block parser, opening no block on a
// line whose HTML the post cannot keep (keptBlockStart).
type typedHTMLBlocks struct{ parser.BlockParser }

// Open implements parser.BlockParser.
func (p typedHTMLBlocks) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	if !keptBlockStart(line) {
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// keptBlockStart reports whether the HTML starting line (after up to three
// spaces) may start an HTML block: a comment, or a tag the post keeps.
func keptBlockStart(line []byte) bool {
	line = bytes.TrimLeft(line, " ")
	if bytes.HasPrefix(line, []byte("<!--")) {
		return true
	}
	z := html.NewTokenizer(bytes.NewReader(line))
	switch z.Next() {
	case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
		kept, name := readTag(z)
		return kept && !inlineElement[name]
	}
	// An instruction, a declaration, CDATA, or a tag that does not end on
	// its line (judged by its name).
	m := rawTagRe.FindSubmatch(line)
	return m != nil && !inlineElement[string(m[2])] && nameKept(string(m[2]))
}

// inlineElement holds inlineCandidates: alone on a line such a tag (<b>,
// <img>) starts a paragraph, not an HTML block, so the rules of rawtags.go
// apply to it: an unclosed <b> on a line of its own would otherwise make
// the rest of the post bold.
var inlineElement = func() map[string]bool {
	m := make(map[string]bool, len(inlineCandidates))
	for _, name := range inlineCandidates {
		m[name] = true
	}
	return m
}()

// tagKept reports whether the tag z just read stays markup: its name is
// written in lower case and names an element the policy keeps, and an
// <img> or <input> comes through the sanitiser (contentShows).
func tagKept(z *html.Tokenizer) bool {
	kept, _ := readTag(z)
	return kept
}

// readTag is tagKept, also returning the tag's name (lower case). It reads
// the name from z, so it is called once per tag.
func readTag(z *html.Tokenizer) (kept bool, name string) {
	raw := z.Raw()
	n, _ := z.TagName()
	name = string(n)
	typed := bytes.TrimPrefix(raw[1:], []byte("/"))
	if !bytes.HasPrefix(typed, n) || !nameKept(name) {
		return false, name
	}
	return !contentless[name] || raw[1] == '/' || contentShows(name, string(raw)), name
}

// contentless are the elements kept by the policy that are nothing but
// their tag: when the sanitiser drops one, nothing of it shows.
var contentless = map[string]bool{"img": true, "input": true}

// contentShows reports whether the tag of a contentless element named name
// comes out of the sanitiser and fixup as that element: an <img> whose
// source is not an absolute http(s) address or an upload would be its alt
// text, or nothing, and an <input> that is not a checkbox nothing.
func contentShows(name, tag string) bool {
	return strings.Contains(sanitize(tag, ""), "<"+name)
}

// keptNames caches nameKept: for the names of HTML's elements (atom.Lookup
// knows them), and for up to maxOtherNames other short names (placeholders
// such as <username>), so the cache stays small whatever posts hold.
var (
	keptNames  sync.Map
	otherNames atomic.Int64
)

// maxOtherNames is how many names that are no element's keptNames holds.
const maxOtherNames = 4096

// nameKept reports whether the sanitising policy keeps elements named name
// (lower case), found by asking it, so the two cannot disagree.
func nameKept(name string) bool {
	if v, ok := keptNames.Load(name); ok {
		return v.(bool)
	}
	cache := atom.Lookup([]byte(name)) != 0 || len(name) <= 32 && otherNames.Add(1) <= maxOtherNames
	probe := "<" + name + ">x</" + name + ">"
	switch {
	case name == "a" || name == "area":
		probe = "<" + name + ` href="https://example.com/">x</` + name + ">"
	case name == "img":
		probe = `<img src="https://example.com/a.png">`
	case name == "input":
		probe = `<input type="checkbox">`
	}
	kept := strings.Contains(policy.Sanitize(probe), "<"+name)
	if cache {
		keptNames.Store(name, kept)
	}
	return kept
}

// htmlBlockRenderer writes HTML blocks with what the post cannot keep
// shown as typed (keptHTML).
type htmlBlockRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlBlockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// renderHTMLBlock writes an HTML block's lines and closing line through
// keptHTML.
func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var raw bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		raw.Write(s.Value(source))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(source))
	}
	keptHTML(w, raw.Bytes())
	return ast.WalkContinue, nil
}

// keptHTML writes the HTML raw to w with every tag the post cannot keep
// (tagKept), every processing instruction, declaration and CDATA section,
// and whatever is left unfinished at the end (a tag, a comment) escaped,
// so it shows as typed; the content of an element shown so (<script>,
// <style>) is read as HTML, not as the element's raw text. A "<" in text
// is escaped too, so nothing written here can join with what follows into
// markup.
func keptHTML(w io.Writer, raw []byte) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		tok := z.Raw()
		switch tt {
		case html.ErrorToken:
			if len(tok) > 0 {
				_, _ = io.WriteString(w, html.EscapeString(string(tok)))
			}
			return
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			if tagKept(z) {
				_, _ = w.Write(tok)
				continue
			}
			_, _ = io.WriteString(w, html.EscapeString(string(tok)))
			if tt == html.StartTagToken {
				z.NextIsNotRawText()
			}
		case html.CommentToken:
			if closedComment(tok) {
				_, _ = w.Write(tok)
				continue
			}
			_, _ = io.WriteString(w, html.EscapeString(string(tok)))
		case html.TextToken:
			_, _ = w.Write(bytes.ReplaceAll(tok, []byte("<"), []byte("&lt;")))
		default: // a doctype
			_, _ = io.WriteString(w, html.EscapeString(string(tok)))
		}
	}
}

// closedComment reports whether a comment token is an HTML comment that
// ends: not a processing instruction or declaration, which the tokenizer
// reads as comments, nor one cut off by the end of its block.
func closedComment(tok []byte) bool {
	s := string(tok)
	if !strings.HasPrefix(s, "<!--") {
		return false
	}
	return s == "<!-->" || s == "<!--->" || len(s) >= 7 && (strings.HasSuffix(s, "-->") || strings.HasSuffix(s, "--!>"))
}
