package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// TestFootnotes checks a footnote renders as a reference and a note that
// link to each other inside the post, never as a link to a page.
func TestFootnotes(t *testing.T) {
	src := "Footnote[^1] and again[^1].\n\n[^1]: note\n"
	out := Render(src)
	for _, bad := range []string{`href="note"`, "[^1]", "^1"} {
		if strings.Contains(out, bad) {
			t.Fatalf("Render(%q) = %q, contains %s", src, out, bad)
		}
	}
	ids := idsIn(out)
	if len(ids) != 3 { // two references and the note
		t.Fatalf("Render(%q) = %q: ids %v, want 3", src, out, ids)
	}
	hrefs := regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(out, -1)
	if len(hrefs) != 4 { // two references, two links back
		t.Fatalf("Render(%q) = %q: %d links within the post, want 4", src, out, len(hrefs))
	}
	for _, h := range hrefs {
		if !ids[h[1]] {
			t.Errorf("link to #%s, which is not in %q", h[1], out)
		}
	}
	if !strings.Contains(out, "<sup id=") || !strings.Contains(out, "<li id=") || !strings.Contains(out, "<p>note") {
		t.Errorf("Render(%q) = %q, want a <sup> reference and an <li> note", src, out)
	}

	// Another post on the same page numbers its footnotes from 1 too.
	other := Render("Another post[^1].\n\n[^1]: another note\n")
	for id := range idsIn(other) {
		if ids[id] {
			t.Errorf("id %q is in both posts", id)
		}
	}
	// The same post renders the same ids, so stored HTML stays stable.
	if again := Render(src); again != out {
		t.Errorf("Render is not deterministic:\n%q\n%q", out, again)
	}
}

// TestFootnoteLabelsAreNotLinks checks a footnote reference without its
// note, or a note nobody refers to, shows as text and links nowhere.
func TestFootnoteLabelsAreNotLinks(t *testing.T) {
	for _, src := range []string{"Footnote[^1]\n\n[^2]: note\n", "[^1]: note\n", "Footnote[^1]\n"} {
		out := Render(src)
		if strings.Contains(out, "<a") || strings.Contains(out, "id=") {
			t.Errorf("Render(%q) = %q, want no link", src, out)
		}
	}
}

// TestOnlyFootnoteIDsSurvive checks the sanitiser keeps a footnote id only
// in its exact form, with the post's own prefix, and on the elements
// footnotes use; HTML sanitised alone (an import) keeps none.
func TestOnlyFootnoteIDsSurvive(t *testing.T) {
	const own = "fn-0123abcd-"
	tests := []struct{ in, want string }{
		{`<sup id="fn-0123abcd-fnref:1">1</sup>`, `<sup id="fn-0123abcd-fnref:1">1</sup>`},
		{`<ol><li id="fn-0123abcd-fn:12">x</li></ol>`, `<ol><li id="fn-0123abcd-fn:12">x</li></ol>`},
		{`<sup id="fn-99999999-fnref:1">1</sup>`, `<sup>1</sup>`}, // another post's
		{`<div id="fn-0123abcd-fn:1">x</div>`, `<div>x</div>`},
		{`<sup id="fn:1">1</sup>`, `<sup>1</sup>`},
		{`<sup id="fn-0123abcd-fn:1x">1</sup>`, `<sup>1</sup>`},
		{`<sup id="answers">1</sup>`, `<sup>1</sup>`},
	}
	for _, tc := range tests {
		if got := sanitize(tc.in, own); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := SanitizeHTML(tc.in); strings.Contains(got, "id=") {
			t.Errorf("SanitizeHTML(%q) = %q, want no id", tc.in, got)
		}
	}
	// Markup written by hand in a post keeps no id of another post's notes.
	if out := Render(`Text<sup id="fn-0123abcd-fnref:1">1</sup>`); strings.Contains(out, "id=") {
		t.Errorf("a post took another post's footnote id: %q", out)
	}
}

// idsIn returns the id attributes in html.
func idsIn(html string) map[string]bool {
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		ids[m[1]] = true
	}
	return ids
}

// TestFootnoteMarksAreNoWords checks that the plain text of a post with
// footnotes (search text, excerpts) keeps the word before a reference whole
// and leaves out the reference numbers and back links, but keeps the notes.
func TestFootnoteMarksAreNoWords(t *testing.T) {
	got := HTMLToText(Render("The printer zyxwvut[^1] fails.\n\n[^1]: Only on floor 3.\n"))
	if !strings.Contains(got, "zyxwvut fails") || strings.Contains(got, "↩") || !strings.Contains(got, "Only on floor 3.") {
		t.Fatalf("plain text = %q", got)
	}
}

// TestBareAddressesInAnyScript checks that a bare address with letters
// outside ASCII is linked whole, in posts and comments.
func TestBareAddressesInAnyScript(t *testing.T) {
	for _, u := range []string{"https://de.wikipedia.org/wiki/Bürodrucker", "https://example.com/мир", "https://пример.рф/путь"} {
		for name, render := range map[string]func(string) string{"post": Render, "comment": RenderComment} {
			out := render("See " + u + " for details.")
			if !strings.Contains(out, `href="`+u+`"`) && !strings.Contains(out, `">`+u+`</a>`) {
				t.Errorf("%s: %q renders %s", name, u, out)
			}
		}
	}
}

// TestCommentImageWithoutAltShowsItsAddress checks that an image without alt
// text in a comment becomes a link that shows its address, not an empty one.
func TestCommentImageWithoutAltShowsItsAddress(t *testing.T) {
	out := RenderComment("![](https://example.com/x.png)")
	if !strings.Contains(out, `>https://example.com/x.png</a>`) || strings.Contains(out, "<img") {
		t.Fatalf("RenderComment = %s", out)
	}
}
