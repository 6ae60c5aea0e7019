package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// commentMD renders comments as Stack Overflow does: one paragraph of inline
// Markdown only (*italic*, **bold**, `code`, [links](https://…), <autolinks>
// and bare URLs). Paragraphs are the only block parser, so headings, lists,
// quotations, code blocks, tables and HTML blocks stay as their text; raw
// HTML is not parsed, so a tag shows as written; reference definitions are
// not read (no paragraph transformer); images become links.
var commentMD = newCommentMD(true)

// newCommentMD returns commentMD, its link and emphasis parsers bounded (see
// bound.go) or, for tests that compare, as goldmark has them.
func newCommentMD(bounded bool) goldmark.Markdown {
	keep := func(p parser.InlineParser) parser.InlineParser { return p }
	if bounded {
		keep = bound
	}
	return goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
			parser.WithInlineParsers(
				util.Prioritized(parser.NewCodeSpanParser(), 100),
				util.Prioritized(uncDestinations{keep(parser.NewLinkParser())}, 200),
				util.Prioritized(parser.NewAutoLinkParser(), 300),
				util.Prioritized(keep(parser.NewEmphasisParser()), 500),
			),
			parser.WithASTTransformers(util.Prioritized(imagesAsLinks{}, 100)),
		)),
		goldmark.WithExtensions(linkify(), uncPaths{}),
	)
}

// RenderComment converts a comment's Markdown to sanitised HTML: a single
// paragraph, its line breaks read as spaces, with inline Markdown only, and
// cleaned by the same policy as Render.
func RenderComment(src string) string {
	return renderComment(commentMD, src)
}

// renderComment is RenderComment with the goldmark instance m.
func renderComment(m goldmark.Markdown, src string) string {
	return SanitizeHTML(toHTML(m, oneLine(src)))
}

// lineBreaks turns every line ending into a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// oneLine joins the lines of src, so a comment is one paragraph and no
// construct can start at the beginning of a later line, and drops the
// indentation of the first, which would otherwise make it a code block that
// no parser here opens, and so nothing.
func oneLine(src string) string {
	if strings.ContainsAny(src, "\r\n") {
		src = lineBreaks.Replace(src)
	}
	return strings.TrimLeft(src, " \t")
}

// imagesAsLinks replaces every image with a link to the same address whose
// text is the image's alt text, or the address without one: comments show
// no pictures.
type imagesAsLinks struct{}

// Transform implements parser.ASTTransformer.
func (imagesAsLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() { // no alt text: the address shows
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
