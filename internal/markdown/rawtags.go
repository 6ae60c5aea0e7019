package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
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
// inline element the policy keeps (<name>, <details>, <div>: blocks belong
// on lines of their own), or when it is not closed, or not opened, in the
// same paragraph (an unclosed <b> would make the rest of the post bold).
// An HTML block of one such tag (a line "<Enter>" alone) is a paragraph
// of its text.

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
// by asking it, so the two cannot disagree.
var inlineKept = func() map[string]bool {
	kept := map[string]bool{}
	for _, name := range inlineCandidates {
		probe := "<" + name + ">x</" + name + ">"
		switch {
		case name == "a":
			probe = `<a href="https://example.com/">x</a>`
		case name == "img":
			probe = `<img src="https://example.com/a.png">`
		case name == "input":
			probe = `<input type="checkbox">`
		case voidTags[name]:
			probe = "<" + name + ">"
		}
		if strings.Contains(policy.Sanitize(probe), "<"+name) {
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
	var htmlBlocks []*ast.HTMLBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.HTMLBlock:
			htmlBlocks = append(htmlBlocks, v)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			raw := rawValue(v, source)
			m := rawTagRe.FindStringSubmatch(raw)
			if m == nil { // a comment, declaration or processing instruction
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
	for _, hb := range htmlBlocks {
		blockAsText(hb, source)
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

// blockAsText makes an HTML block that starts with a tag showing as typed
// inline (a capitalised or unknown name: "<Enter>" on its own line) a
// paragraph of its text; other HTML blocks stay HTML.
func blockAsText(hb *ast.HTMLBlock, source []byte) {
	lines := hb.Lines()
	if lines.Len() == 0 || hb.Parent() == nil {
		return
	}
	seg := lines.At(0)
	first := strings.TrimLeft(string(seg.Value(source)), " \t")
	m := rawTagRe.FindStringSubmatch(first)
	if m == nil || m[2] == strings.ToLower(m[2]) && (inlineKept[m[2]] || hb.HTMLBlockType != ast.HTMLBlockType7) {
		return
	}
	p := ast.NewParagraph()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		value := strings.TrimRight(string(s.Value(source)), "\r\n")
		if i == 0 {
			value = strings.TrimLeft(value, " \t")
		}
		str := ast.NewString([]byte(value))
		p.AppendChild(p, str)
		if i < lines.Len()-1 {
			p.AppendChild(p, ast.NewString([]byte("\n")))
		}
	}
	hb.Parent().ReplaceChild(hb.Parent(), hb, p)
}
