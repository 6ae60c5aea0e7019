package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
)

// md renders posts: GFM, footnotes, raw HTML passed through (sanitised
// afterwards), highlighted code, Windows share paths as typed (unc.go). No heading ids: the parser is not given
// WithAutoHeadingID.
var md = newMD(true)

// plainMD is md without highlighting, for PlainText, where only the text of
// the code matters, and without the footnotes' links back (their arrows are
// not words).
var plainMD = newPlainMD(true)

// newMD returns md, with its inline parsing bounded (see bound.go) or, for
// tests that compare, as goldmark has it.
func newMD(bounded bool) goldmark.Markdown {
	return goldmark.New(
		inlineParsers(bounded),
		goldmark.WithExtensions(gfm(bounded), uncPaths{}, footnotes(), highlighter()),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

// newPlainMD returns plainMD, bounded or not as newMD.
func newPlainMD(bounded bool) goldmark.Markdown {
	return goldmark.New(
		inlineParsers(bounded),
		goldmark.WithExtensions(gfm(bounded), uncPaths{}, extension.NewFootnote(extension.WithFootnoteBacklinkHTML(""))),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

// inlineParsers gives goldmark its default parsers, the inline ones bounded
// or not, the link parser reading share paths as typed (uncDestinations),
// and the HTML block parser of htmlblock.go.
func inlineParsers(bounded bool) goldmark.Option {
	if !bounded {
		return goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(blockParsers()...),
			parser.WithInlineParsers(withUNCDestinations(parser.DefaultInlineParsers())...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		))
	}
	return boundedParser()
}

// gfm returns the GitHub Flavoured Markdown extensions, with table alignment
// emitted as align attributes (style attributes are never allowed), and
// strikethrough bounded or not.
func gfm(bounded bool) goldmark.Extender {
	var strike goldmark.Extender = extension.Strikethrough
	if bounded {
		strike = boundedStrikethrough{}
	}
	return extendAll{
		linkify(),
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		strike,
		extension.TaskList,
		rawTagsAsText{},
	}
}

// extendAll applies several goldmark extensions as one.
type extendAll []goldmark.Extender

// Extend implements goldmark.Extender.
func (e extendAll) Extend(m goldmark.Markdown) {
	for _, x := range e {
		x.Extend(m)
	}
}

// bufPool recycles render buffers; a post is rendered on every write.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render converts user Markdown to sanitised HTML, once, at write time.
func Render(src string) string {
	return render(md, src)
}

// render is Render with the goldmark instance m.
func render(m goldmark.Markdown, src string) string {
	prepared := limitNesting(cleanInput(src))
	return sanitize(toHTML(m, prepared), notePrefix([]byte(prepared)))
}

// toHTML runs one goldmark instance over src and returns the raw, unsanitised
// HTML. Conversion errors only come from the writer, which is a buffer, so
// whatever was produced is kept.
func toHTML(m goldmark.Markdown, src string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf)
	}()
	_ = m.Convert([]byte(limitNesting(cleanInput(src))), buf)
	return buf.String()
}
