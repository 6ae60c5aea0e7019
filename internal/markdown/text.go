package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainText strips Markdown/HTML to plain text for search indexing and
// excerpts (code kept as text, whitespace collapsed). The result is text,
// not HTML: escape it before putting it in a page.
func PlainText(markdownSrc string) string {
	return HTMLToText(toHTML(plainMD, markdownSrc))
}

// HTMLToText strips (already sanitised or foreign) HTML to plain text the
// same way: entities decoded, the contents of script, style and the other
// elements the sanitiser drops whole left out, blocks separated by a space,
// whitespace collapsed.
func HTMLToText(htmlSrc string) string {
	var b strings.Builder
	b.Grow(len(htmlSrc) / 2)
	z := html.NewTokenizer(strings.NewReader(cleanInput(htmlSrc)))
	var skip atom.Atom // element whose content is being dropped
	depth := 0         // how many skip elements are open
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapseSpace(b.String())
		case html.TextToken:
			if depth == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch {
			case depth > 0 && a == skip && tt == html.StartTagToken:
				depth++
			case depth > 0 && a == skip && tt == html.EndTagToken:
				depth--
			case depth > 0:
			case tt == html.StartTagToken && (skipContent[a] || hasAttr && footnoteMark(z, a)):
				skip, depth = a, 1
			case !inline[a]:
				b.WriteByte(' ')
			}
		}
	}
}

// footnoteMark reports whether the start tag z is at is a footnote's
// reference number (a sup with a footnote id) or its back link (a link to
// the reference): marks that are not words, which search text and
// excerpts leave out ("fails¹" is the word "fails").
func footnoteMark(z *html.Tokenizer, a atom.Atom) bool {
	if a != atom.Sup && a != atom.A {
		return false
	}
	for {
		k, v, more := z.TagAttr()
		switch {
		case a == atom.Sup && string(k) == "id":
			return footnoteIDRe.Match(v)
		case a == atom.A && string(k) == "href":
			return bytes.HasPrefix(v, []byte("#fn-")) && bytes.Contains(v, []byte("-fnref"))
		}
		if !more {
			return false
		}
	}
}

// skipContent lists the elements bluemonday drops together with their
// content, so search text matches what readers see.
var skipContent = map[atom.Atom]bool{
	atom.Frame: true, atom.Frameset: true, atom.Iframe: true, atom.Noembed: true,
	atom.Noframes: true, atom.Noscript: true, atom.Object: true, atom.Script: true,
	atom.Style: true, atom.Title: true,
}

// inline lists phrasing elements that do not separate words, so
// "<b>foo</b>bar" stays "foobar"; every other tag is a word break.
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.Acronym: true, atom.B: true, atom.Bdi: true,
	atom.Bdo: true, atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true,
	atom.Dfn: true, atom.Em: true, atom.Font: true, atom.I: true, atom.Ins: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true,
	atom.Small: true, atom.Span: true, atom.Strike: true, atom.Strong: true,
	atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true, atom.U: true,
	atom.Var: true,
}

// collapseSpace trims s and turns every run of Unicode white space into a
// single ASCII space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
