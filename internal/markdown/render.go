package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// md renders posts: GFM, footnotes, raw HTML passed through (sanitised
// afterwards), highlighted code. No heading ids: the parser is not given
// WithAutoHeadingID.
var md = goldmark.New(
	goldmark.WithExtensions(gfm(), footnotes(), highlighter()),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// plainMD is md without highlighting, for PlainText, where only the text of
// the code matters, and without the footnotes' links back (their arrows are
// not words).
var plainMD = goldmark.New(
	goldmark.WithExtensions(gfm(), extension.NewFootnote(extension.WithFootnoteBacklinkHTML(""))),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// gfm returns the GitHub Flavoured Markdown extensions, with table alignment
// emitted as align attributes (style attributes are never allowed).
func gfm() goldmark.Extender {
	return extendAll{
		linkify(),
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
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
	prepared := limitNesting(cleanInput(src))
	return sanitize(toHTML(md, prepared), notePrefix([]byte(prepared)))
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
