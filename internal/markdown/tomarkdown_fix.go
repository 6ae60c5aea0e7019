package markdown

import (
	"bytes"
	"regexp"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fidelity is a converter plugin for what Stack Exchange posts hold and
// plain Markdown loses: <sup>, <sub> and <kbd> stay HTML (Render lets them
// through), and a code block in a quotation stays in it.
type fidelity struct{}

func (fidelity) Name() string { return "stackdesk-fidelity" }

func (fidelity) Init(conv *converter.Converter) error {
	for _, tag := range []string{"sup", "sub", "kbd"} {
		conv.Register.RendererFor(tag, converter.TagTypeInline, keepInlineTag, converter.PriorityEarly)
	}
	conv.Register.RendererFor("blockquote", converter.TagTypeBlock, quoteWithCode, converter.PriorityEarly)
	return nil
}

// keepInlineTag writes the element as its bare tags around its content,
// converted as usual (attributes are dropped; the sanitiser drops them too).
func keepInlineTag(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("<" + n.Data + ">")
	ctx.RenderChildNodes(ctx, w, n)
	w.WriteString("</" + n.Data + ">")
	return converter.RenderSuccess
}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// quoteWithCode renders a quotation that holds a code block, prefixing
// every line of the code too: the stock renderer prefixes only the first
// (its code lines end in a marker, not in a newline), so the quotation
// ended there. Quotations without code are left to it.
func quoteWithCode(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if !hasDescendant(n, atom.Pre) {
		return converter.RenderTryNext
	}
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	content := bytes.TrimSpace(buf.Bytes())
	if len(content) == 0 {
		return converter.RenderSuccess
	}
	content = blankRuns.ReplaceAll(content, []byte("\n\n"))
	content = bytes.ReplaceAll(content, marker.BytesMarkerCodeBlockNewline, append(marker.BytesMarkerCodeBlockNewline[:len(marker.BytesMarkerCodeBlockNewline):len(marker.BytesMarkerCodeBlockNewline)], "> "...))
	w.WriteString("\n\n> ")
	for _, b := range content {
		w.WriteByte(b)
		if b == '\n' {
			w.WriteString("> ")
		}
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// hasDescendant reports whether n holds an element a.
func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a || hasDescendant(c, a) {
			return true
		}
	}
	return false
}
