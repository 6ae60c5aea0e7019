package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// shownAttrs are the attributes the sanitiser keeps that change what a
// reader sees: addresses, a list's numbering, a cell's alignment and span,
// an image's text and size.
var shownAttrs = map[string]bool{"href": true, "src": true, "start": true, "type": true, "value": true,
	"align": true, "colspan": true, "rowspan": true, "alt": true, "title": true, "width": true, "height": true}

// quoteAttr quotes an attribute value for Shape.
func quoteAttr(v string) string { return `"` + html.EscapeString(v) + `"` }

// Shape is what a reader sees of an HTML body, as a string to compare two
// renderings by: its elements in order (with the addresses of links and
// images), its text with runs of white space made one space, and the text
// of code blocks exactly. Two bodies with the same shape look alike; class
// names, rel attributes, highlighting spans and white space next to tags
// do not count.
func Shape(body string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(cleanInput(body)))
	pre := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			// Escaped again, so text that reads like a tag is not one.
			if pre > 0 {
				b.WriteString(html.EscapeString(string(z.Text())))
			} else {
				b.WriteString(html.EscapeString(strings.Join(strings.Fields(string(z.Text())), " ")))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Span {
				continue // highlighting
			}
			b.WriteString("<" + tok.Data)
			for _, a := range tok.Attr {
				if shownAttrs[a.Key] {
					b.WriteString(" " + a.Key + "=" + quoteAttr(a.Val))
				}
			}
			b.WriteByte('>')
			if tok.DataAtom == atom.Pre {
				pre++
			}
		case html.EndTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Span {
				continue
			}
			if tok.DataAtom == atom.Pre && pre > 0 {
				pre--
			}
			b.WriteString("</" + tok.Data + ">")
		}
	}
}
