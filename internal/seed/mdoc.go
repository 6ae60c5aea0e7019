package seed

import (
	"html"
	"strconv"
	"strings"
	"sync"

	"stackdesk/internal/markdown"
)

// blockKind names the few Markdown constructs generated posts use.
type blockKind uint8

const (
	paraBlock blockKind = iota
	olBlock
	ulBlock
	codeBlock
)

// block is one top-level Markdown block. Text holds plain words and `code`
// spans only, never other Markdown syntax, so it renders without a parser.
type block struct {
	kind  blockKind
	text  string
	items []string
	code  *snippet
}

// mdoc is a generated post body, kept as blocks so that both its Markdown and
// its HTML can be written without running the Markdown renderer per post.
type mdoc struct{ blocks []block }

func (d *mdoc) para(s string) { d.blocks = append(d.blocks, block{kind: paraBlock, text: s}) }
func (d *mdoc) ordered(items []string) {
	d.blocks = append(d.blocks, block{kind: olBlock, items: items})
}
func (d *mdoc) bullets(items []string) {
	d.blocks = append(d.blocks, block{kind: ulBlock, items: items})
}
func (d *mdoc) code(s *snippet) { d.blocks = append(d.blocks, block{kind: codeBlock, code: s}) }

// markdown returns the Markdown source of the body.
func (d *mdoc) markdown() string {
	var b strings.Builder
	for i, bl := range d.blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.kind {
		case paraBlock:
			b.WriteString(bl.text)
		case olBlock, ulBlock:
			for j, it := range bl.items {
				if j > 0 {
					b.WriteByte('\n')
				}
				if bl.kind == olBlock {
					b.WriteString(strconv.Itoa(j + 1))
					b.WriteString(". ")
				} else {
					b.WriteString("- ")
				}
				b.WriteString(it)
			}
		case codeBlock:
			b.WriteString(bl.code.fence())
		}
	}
	return b.String()
}

// html returns the same HTML that markdown.Render produces for the body (a
// test holds the two equal); fenced code comes from markdown.Render itself,
// once per snippet, since highlighting is the expensive part.
func (d *mdoc) html() string {
	var b strings.Builder
	for _, bl := range d.blocks {
		switch bl.kind {
		case paraBlock:
			b.WriteString("<p>")
			writeInline(&b, bl.text)
			b.WriteString("</p>\n")
		case olBlock, ulBlock:
			tag := "ol"
			if bl.kind == ulBlock {
				tag = "ul"
			}
			b.WriteString("<" + tag + ">\n")
			for _, it := range bl.items {
				b.WriteString("<li>")
				writeInline(&b, it)
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		case codeBlock:
			b.WriteString(bl.code.html())
		}
	}
	return b.String()
}

// paraHTML renders a one-paragraph text (a comment) as markdown.RenderComment
// would.
func paraHTML(s string) string {
	var b strings.Builder
	b.WriteString("<p>")
	writeInline(&b, s)
	b.WriteString("</p>\n")
	return b.String()
}

// writeInline writes text with `code` spans as escaped HTML.
func writeInline(b *strings.Builder, s string) {
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>")
			b.WriteString(html.EscapeString(part))
			b.WriteString("</code>")
			continue
		}
		b.WriteString(html.EscapeString(part))
	}
}

// snippet is a fenced code block that generated answers quote.
type snippet struct {
	Lang string
	Code string

	once     sync.Once
	rendered string
}

func (s *snippet) fence() string { return "```" + s.Lang + "\n" + s.Code + "\n```" }

// html renders the snippet with the site's renderer, once.
func (s *snippet) html() string {
	s.once.Do(func() { s.rendered = markdown.Render(s.fence()) })
	return s.rendered
}
