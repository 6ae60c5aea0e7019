package markdown

import (
	"strings"
	"testing"
)

// TestBidiControlsInCodeShow: a bidirectional control in code (a code
// block, highlighted or not, inline code, a comment's code, an imported
// post's <pre>) shows as a visible mark in place of the character, so a
// command cannot read differently from what it runs ("Trojan Source"). In
// prose the characters stay, for right-to-left text.
func TestBidiControlsInCodeShow(t *testing.T) {
	const rlo, lri, pdi = "\u202e", "\u2066", "\u2069"
	for name, html := range map[string]string{
		"block":       Render("Run this:\n\n```\nrm -rf ~/" + rlo + "txt.exe\n```\n"),
		"highlighted": Render("```go\nif isAdmin " + rlo + lri + "// check" + pdi + " {\n```\n"),
		"inline":      Render("Type `del " + rlo + "fdp.exe` and press Enter."),
		"comment":     RenderComment("try `cat " + lri + "secret" + pdi + "` first"),
		"imported":    SanitizeHTML("<pre><code>ls " + rlo + "gpj.exe</code></pre>"),
		"kbd":         SanitizeHTML("<p>Press <kbd>Win+R</kbd> and type <kbd>cmd " + rlo + "exe.txt</kbd></p>"),
	} {
		if strings.ContainsAny(html, rlo+lri+pdi) {
			t.Errorf("%s: a control character is left in code: %q", name, html)
		}
		if !strings.Contains(html, `<span class="bidi-mark">U+202E</span>`) && !strings.Contains(html, `<span class="bidi-mark">U+2066</span>`) {
			t.Errorf("%s: no visible mark: %q", name, html)
		}
	}
	if got := Render("Type `x" + rlo + "y" + rlo + "`."); strings.Count(got, "bidi-mark") != 2 || !strings.Contains(got, "x<span") || !strings.Contains(got, "</span>y<span") {
		t.Errorf("two controls in one span of code: %q", got)
	}
	prose := Render("مرحبا " + lri + "Windows 11" + pdi + " شكرا")
	if !strings.Contains(prose, lri+"Windows 11"+pdi) || strings.Contains(prose, "bidi-mark") {
		t.Errorf("prose loses its isolates: %q", prose)
	}
	// HTML stored before the marks gets them; with controls in prose only,
	// it stays byte for byte.
	stored := "<p>مرحبا " + lri + "Windows" + pdi + "</p>\n<pre><code>ls " + rlo + "x</code></pre>"
	if got := RevealBidi(stored); !strings.Contains(got, lri+"Windows"+pdi) || !strings.Contains(got, `ls <span class="bidi-mark">U+202E</span>x`) {
		t.Errorf("RevealBidi: %q", got)
	}
	if prose := "<p>مرحبا " + lri + "Windows" + pdi + " &amp; co</p>"; RevealBidi(prose) != prose {
		t.Errorf("RevealBidi changed prose: %q", RevealBidi(prose))
	}
	// Sanitised again (an import of an export, say), the marks stay marks.
	again := SanitizeHTML(Render("`a" + rlo + "b`"))
	if !strings.Contains(again, `<span class="bidi-mark">U+202E</span>`) {
		t.Errorf("sanitised twice: %q", again)
	}
}
