package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// converters hold HTML-to-GFM converters. One converter is safe for
// concurrent use, but it takes a read lock for every character it escapes:
// import workers sharing one spent 6 % of their CPU passing that lock
// between cores (3 % with one each). Each conversion takes its own.
var converters = sync.Pool{New: func() any {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(),
		// A table whose cells hold line breaks keeps them as <br />
		// rather than being flattened to text; cells are not padded to
		// their column's width (one long cell made every line hundreds
		// of characters long in the editor).
		table.NewTablePlugin(table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			table.WithCellPaddingBehavior(table.CellPaddingBehaviorMinimal)),
		fidelity{},
	))
}}

// ToMarkdown derives Markdown for editing from a post's display HTML: HTML
// that SanitizeHTML gave (an imported Stack Exchange body), converted with
// github.com/JohannesKaufmann/html-to-markdown/v2, so an editor starts from
// what readers saw. Where no Markdown can be derived (markup nested too deep
// to parse), the Markdown is the text alone. Share paths in its text are
// written as typed (typedSharePaths), not with the escapes CommonMark
// needs elsewhere for a backslash. The Markdown is not trusted: it
// is rendered through Render like any other post.
//
// An import stores only the HTML, since converting took half its time and
// most imported posts are never edited; Source derives the Markdown when
// someone reads it.
func ToMarkdown(clean string) string {
	return toMarkdown(clean, true)
}

// toMarkdown is ToMarkdown, with share paths written as typed or, as the
// converter has them, with escapes.
func toMarkdown(clean string, typedPaths bool) string {
	if clean == "" {
		return ""
	}
	nodes, err := html.ParseFragment(strings.NewReader(clean), fragmentContext)
	if err != nil {
		return HTMLToText(clean)
	}
	if strings.Contains(clean, bidiMarkClass) {
		for _, n := range nodes {
			unmarkBidi(n)
		}
	}
	keep := !strings.Contains(clean, plusMark) && !strings.Contains(clean, plusMarkEscaped) && keepPluses(nodes)
	md, err := nodesToMarkdown(nodes)
	if err != nil {
		return HTMLToText(clean)
	}
	if keep {
		md = strings.NewReplacer(plusMarkEscaped, "+", plusMark, "+").Replace(md)
	}
	if typedPaths {
		md = typedSharePaths(md)
	}
	return md
}

// unmarkBidi turns the marks revealBidi put in place of bidirectional
// controls back into the characters, so the Markdown an editor starts from
// holds what the author wrote (rendered, it shows the marks again) rather
// than the mark's text "U+202E", which saving would have made the post's.
func unmarkBidi(root *html.Node) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if r, ok := bidiMark(n); ok {
			n.Type, n.Data, n.DataAtom, n.Attr = html.TextNode, string(r), 0, nil
			n.FirstChild.Parent, n.FirstChild, n.LastChild = nil, nil, nil
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
}

// bidiMark reports whether n is a mark revealBidi made, and the control
// it stands for.
func bidiMark(n *html.Node) (rune, bool) {
	if n.Type != html.ElementNode || n.DataAtom != atom.Span || len(n.Attr) != 1 ||
		n.Attr[0].Key != "class" || n.Attr[0].Val != bidiMarkClass ||
		n.FirstChild == nil || n.FirstChild != n.LastChild || n.FirstChild.Type != html.TextNode {
		return 0, false
	}
	hex, ok := strings.CutPrefix(n.FirstChild.Data, "U+")
	if !ok || len(hex) != 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || !bidiControl(rune(v)) {
		return 0, false
	}
	return rune(v), true
}

// plusMark stands for a "+" in a link's or image's query while the
// converter works: it re-encodes queries as forms ("+" is a space to it),
// which turned the plus signs of a formula image's address into spaces.
// It is a private-use character, escaped as the converter escapes it.
const (
	plusMark        = "\uE000"
	plusMarkEscaped = "%EE%80%80"
)

// keepPluses puts plusMark for every "+" in the query of a link's href or
// an image's src, and reports whether it found any.
func keepPluses(nodes []*html.Node) bool {
	found := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Img) {
			for i, a := range n.Attr {
				if (a.Key == "href" || a.Key == "src") && strings.Contains(a.Val, "?") && strings.Contains(a.Val, "+") {
					base, query, _ := strings.Cut(a.Val, "?")
					n.Attr[i].Val = base + "?" + strings.ReplaceAll(query, "+", plusMark)
					found = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return found
}

// Source is a post's Markdown: the stored text, or, for a post imported
// without it (its Markdown is empty while its HTML is not), ToMarkdown of
// its HTML. Posts written here always have both.
func Source(md, html string) string {
	if md == "" && html != "" {
		return ToMarkdown(html)
	}
	return md
}

// nodesToMarkdown converts a parsed fragment to Markdown, placed in a
// document's body as the converter expects. The converter rewrites the
// nodes as it goes, so they are not used afterwards.
func nodesToMarkdown(nodes []*html.Node) (result string, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = "", fmt.Errorf("markdown: to markdown: converter panic: %v", r)
		}
	}()
	doc := &html.Node{Type: html.DocumentNode}
	root := &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	doc.AppendChild(root)
	root.AppendChild(&html.Node{Type: html.ElementNode, Data: "head", DataAtom: atom.Head})
	root.AppendChild(body)
	for _, n := range nodes {
		body.AppendChild(n)
	}
	conv := converters.Get().(*converter.Converter)
	defer converters.Put(conv)
	out, err := conv.ConvertNode(doc)
	if err != nil {
		return "", fmt.Errorf("markdown: to markdown: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
