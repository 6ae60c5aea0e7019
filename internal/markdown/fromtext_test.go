package markdown

import (
	"math/rand"
	"strings"
	"testing"
)

// fromTextNasty is text an employee may type that Markdown or HTML would
// read as markup.
const fromTextNasty = "Outlook says <Server not available> when I start it,\n" +
	"the path C:\\Users\\anna\\*old* and *new* folders are empty, __init__ and a_b_c too.\n" +
	"# not a heading\n" +
	"1. not a list\n" +
	"- nor this\n" +
	"[x](y) ![i](z) `code` ~~gone~~ a|b &amp; &copy;\n" +
	"===\n\n" +
	"    four spaces\n" +
	"> not a quote\n" +
	":--\n" +
	"<img src=x onerror=alert(6)> broken <script>alert(1)</script>\n" +
	"see https://intra.example.com/wiki/Printer_Setup?a=1&b=2 and www.example.com/x_y."

// TestFromTextShowsTheTextAsTyped checks text turned into Markdown renders
// as exactly that text: no emphasis, code, links, headings, lists or HTML
// made of it, its line breaks kept, a blank line a new paragraph; and that
// addresses in it stay whole links.
func TestFromTextShowsTheTextAsTyped(t *testing.T) {
	html := Render(FromText(fromTextNasty))
	if got, want := HTMLToText(html), strings.Join(strings.Fields(fromTextNasty), " "); got != want {
		t.Fatalf("the text is not shown as typed:\n got %q\nwant %q\nhtml %s", got, want, html)
	}
	for _, bad := range []string{"<em", "<strong", "<code", "<h1", "<ol", "<ul", "<li", "<blockquote", "<pre", "<del", "<table", "<img", "<script", "<hr", `href="y"`} {
		if strings.Contains(html, bad) {
			t.Errorf("the text became markup %s:\n%s", bad, html)
		}
	}
	for _, want := range []string{
		"&lt;Server not available&gt;", `C:\Users\anna\*old* and *new*`, "&lt;img src=x onerror=alert(6)&gt;",
		"&amp;amp; &amp;copy;", "it,<br/>\n", "===</p>\n<p>four spaces<br/>",
		`<a href="https://intra.example.com/wiki/Printer_Setup?a=1&amp;b=2"`, `<a href="http://www.example.com/x_y"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, html)
		}
	}
	if FromText("a\r\nb") != FromText("a\nb") {
		t.Error("CRLF line ends are not line breaks")
	}
}

// TestFromTextRandom renders many texts made of Markdown's and HTML's
// special characters, addresses and line breaks: each shows as typed.
func TestFromTextRandom(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	parts := []string{"a", "b", " ", "  ", "\n", "\n\n", "\r\n", "\t", "    ", "\u00a0", "é",
		"\\", "`", "```", "*", "**", "_", "__", "~", "~~~", "[", "]", "(", ")", "{", "}", "<", ">", "&", "amp;", "copy;", "#x41;",
		"|", "| --- |", "#", "-", "---", "+", "=", "1.", "2)", "10) ", "!", ":", "^", "\"", "'", "$", "%", "@ben", "[^1]:", "- [ ] ",
		"<div>", "</div>", "<!--", "-->", "<img src=x onerror=alert(6)>", "[x](y)", "![i](z)", "<https://x.com>",
		"http://x.example.com/a_b", "www.ex.com/p?q=1&r=2", "https://ex.org/x_(y)", "ftp://f.example.net/a_b_", "a@b.com", `\\srv\c$\`}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for range 1 + r.Intn(12) {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		s := b.String()
		html := Render(FromText(s))
		if got, want := strings.Join(strings.Fields(HTMLToText(html)), " "), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("%q shows as %q\nmarkdown %q\nhtml %s", s, got, FromText(s), html)
		}
	}
}
