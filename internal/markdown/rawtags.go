package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Tags written in the text of a post are HTML only when they are markup the
// post can keep: on a support site people write keys and placeholders in
// angle brackets ("press <Ctrl>+<Alt>+<Del>", "hit <Enter>",
// "C:\Users\<name>"), and the sanitiser would drop those as unknown tags,
// or take <Del> for <del> and strike through the rest of the paragraph.
// So, inside a paragraph, heading or table cell, a tag shows as typed
// when its name is not all lower case (<Del>, <Enter>), when it is not an
// inline element the policy keeps (<name>, <script>, <details>, <div>:
// blocks belong on lines of their own), when it is an <img> or <input>
// the sanitiser would drop (contentShows: <img src=x onerror=...> would
// vanish), or
// when it is not closed, or not opened, in the same paragraph (an unclosed
// <b> would make the rest of the post bold). Processing instructions,
// declarations and CDATA show as typed too; comments stay hidden. A line
// starting with HTML the post cannot keep starts no HTML block
// (htmlblock.go), so the same rules apply to it.

// rawTagRe reads an HTML tag as goldmark's raw HTML parser found it: an
// optional '/', the name, and whether it ends in "/>".
var rawTagRe = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9-]*)`)

// inlineCandidates are the inline (phrasing) elements; those the policy
// keeps are inlineKept.
var inlineCandidates = []string{
	"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
	"em", "font", "i", "img", "input", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s",
	"samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
}

// voidTags have no closing tag.
var voidTags = map[string]bool{"br": true, "img": true, "input": true, "wbr": true}

// inlineKept holds the inline elements the sanitising policy keeps, found
// by asking it (nameKept), so the two cannot disagree.
var inlineKept = func() map[string]bool {
	kept := map[string]bool{}
	for _, name := range inlineCandidates {
		if nameKept(name) {
			kept[name] = true
		}
	}
	return kept
}()

// rawTagsAsText is the goldmark extension applying the rules above.
type rawTagsAsText struct{}

// Extend implements goldmark.Extender.
func (rawTagsAsText) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawTagsAsText{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlBlockRenderer{}, 500)))
}

// rawTag is one inline tag of a block, in order.
type rawTag struct {
	node  *ast.RawHTML
	name  string
	close bool
}

// Transform implements parser.ASTTransformer.
func (rawTagsAsText) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	byBlock := map[ast.Node][]rawTag{}
	var blocks []ast.Node
	var typed []*ast.RawHTML // shown as typed whatever their block holds
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.RawHTML:
			raw := rawValue(v, source)
			m := rawTagRe.FindStringSubmatch(raw)
			if m == nil { // a comment stays; a declaration, instruction or CDATA shows as typed
				if !strings.HasPrefix(raw, "<!--") {
					typed = append(typed, v)
				}
				return ast.WalkContinue, nil
			}
			if contentless[m[2]] && m[1] == "" && !contentShows(m[2], raw) {
				typed = append(typed, v)
				return ast.WalkContinue, nil
			}
			block := n.Parent()
			for block != nil && block.Type() != ast.TypeBlock {
				block = block.Parent()
			}
			if _, ok := byBlock[block]; !ok {
				blocks = append(blocks, block)
			}
			byBlock[block] = append(byBlock[block], rawTag{node: v, name: m[2], close: m[1] == "/"})
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		for _, t := range unmatchedTags(byBlock[b]) {
			asText(t.node, source)
		}
	}
	for _, n := range typed {
		asText(n, source)
	}
}

// unmatchedTags returns the tags of one block that show as typed: names not
// lower case or not kept, and those not closed or opened within the block.
func unmatchedTags(tags []rawTag) []rawTag {
	var out, stack []rawTag
	for _, t := range tags {
		if !inlineKept[t.name] { // names match exactly: <Del> is not <del>
			out = append(out, t)
			continue
		}
		if voidTags[t.name] {
			continue
		}
		if !t.close {
			stack = append(stack, t)
			continue
		}
		at := -1
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].name == t.name {
				at = i
				break
			}
		}
		if at < 0 {
			out = append(out, t)
			continue
		}
		out = append(out, stack[at+1:]...) // opened inside and left open
		stack = stack[:at]
	}
	return append(out, stack...)
}

// rawValue returns the source text of an inline raw HTML node.
func rawValue(n *ast.RawHTML, source []byte) string {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		s := n.Segments.At(i)
		b.Write(s.Value(source))
	}
	return b.String()
}

// asText replaces an inline raw HTML node with its text, escaped.
func asText(n *ast.RawHTML, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	parent.ReplaceChild(parent, n, ast.NewString([]byte(rawValue(n, source))))
}
