package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
			if pre > 0 {
				b.Write(z.Text())
			} else {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Span {
				continue // highlighting
			}
			b.WriteString("<" + tok.Data)
			for _, a := range tok.Attr {
				if a.Key == "href" && tok.DataAtom == atom.A || a.Key == "src" && tok.DataAtom == atom.Img || a.Key == "start" {
					b.WriteString(" " + a.Key + "=" + a.Val)
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
