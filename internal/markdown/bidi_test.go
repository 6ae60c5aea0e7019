package markdown

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBidiControlsInCodeShow: a bidirectional control in code (a code
// block, highlighted or not, inline code, a comment's code, an imported
// post's <pre>) shows as a visible mark in place of the character, so a
// command cannot read differently from what it runs ("Trojan Source"). In
// prose the isolates stay, for right-to-left text.
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

// TestBidiOverridesInProseShow: in prose, an override or embedding (U+202A
// to U+202E) shows as a visible mark in place of the character, so "The
// file report\u202Efdp.exe came by mail" cannot show as "reportexe.pdf" and
// reverse the rest of its paragraph; <bdo>, the same in markup, only
// isolates. Isolates and the marks U+200E and U+200F that right-to-left
// writers use stay as written; stored HTML gets the same by RevealBidi.
func TestBidiOverridesInProseShow(t *testing.T) {
	const phish = "The file report\u202efdp.exe came by mail"
	for name, html := range map[string]string{
		"post":     Render(phish),
		"list":     Render("- see\n- " + phish + "\n"),
		"comment":  RenderComment(phish),
		"imported": SanitizeHTML("<p>" + phish + "</p>"),
		"bare":     SanitizeHTML(phish),
		"stored":   RevealBidi("<p>" + phish + "</p>"),
	} {
		if strings.ContainsRune(html, '\u202e') || !strings.Contains(html, `report<span class="bidi-mark">U+202E</span>fdp.exe came by mail`) {
			t.Errorf("%s: the override is left in prose: %q", name, html)
		}
	}
	for _, r := range "\u202a\u202b\u202c\u202d" {
		got := Render("a" + string(r) + "b")
		if strings.ContainsRune(got, r) || !strings.Contains(got, fmt.Sprintf(`a<span class="bidi-mark">U+%04X</span>b`, r)) {
			t.Errorf("U+%04X is left in prose: %q", r, got)
		}
	}
	for name, html := range map[string]string{
		"imported": SanitizeHTML(`<p>report<bdo dir="rtl">fdp.exe</bdo></p>`),
		"stored":   RevealBidi(`<p>report<bdo dir="rtl">fdp.exe</bdo></p>`),
	} {
		if html != `<p>report<bdi dir="rtl">fdp.exe</bdi></p>` {
			t.Errorf("%s: <bdo> overrides: %q", name, html)
		}
	}
	rtl := "مرحبا \u2067Windows 11\u2069 \u200fشكرا\u200e (1)"
	if got := Render(rtl); got != "<p>"+rtl+"</p>\n" {
		t.Errorf("isolates and marks in prose changed: %q", got)
	}
}

// TestBidiOverrideInProseReadsAsTyped shows rendered prose holding a
// right-to-left override, and a <bdo>, in the browser: "fdp.exe" still
// reads from its f to its e, left to right, instead of as "exe.pdf".
func TestBidiOverrideInProseReadsAsTyped(t *testing.T) {
	tab := startBrowser(t, 60*time.Second)
	const phish = "The file report\u202efdp.exe came by mail"
	for name, html := range map[string]string{
		"post":     Render(phish),
		"comment":  RenderComment(phish),
		"imported": SanitizeHTML(`<p>The file report<bdo dir="rtl">fdp.exe</bdo> came by mail</p>`),
	} {
		src, _ := json.Marshal(html)
		// The x of the f and of the last e of "fdp.exe".
		if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
		x, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`(() => {
			document.body.innerHTML = `+string(src)+`;
			const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
			for (let n = w.nextNode(); n; n = w.nextNode()) {
				const i = n.data.indexOf("fdp.exe");
				if (i < 0) continue;
				const at = k => { const r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + 1); return r.getBoundingClientRect().left; };
				return [at(i), at(i + 6)];
			}
			return [];
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(x) != 2 || x[0] >= x[1] {
			t.Errorf("%s: %q reads reversed (x of the f and of the e: %v)", name, html, x)
		}
	}
}

// TestBidiMarksBecomeCharactersForEditing: the Markdown derived for
// editing an imported post holds the control characters the marks stand
// for, not the marks' text, so saving the edit keeps what the author wrote;
// rendered again, they show as marks as before.
func TestBidiMarksBecomeCharactersForEditing(t *testing.T) {
	const rlo, lri, pdi = "\u202e", "\u2066", "\u2069"
	stored := SanitizeHTML("<p>Open report" + rlo + "fdp.exe</p><pre><code>ls " + lri + "x" + pdi + "</code></pre>")
	if !strings.Contains(stored, "bidi-mark") {
		t.Fatalf("the stored HTML has no marks to start from: %q", stored)
	}
	md := ToMarkdown(stored)
	if strings.Contains(md, "U+20") {
		t.Errorf("the Markdown holds a mark's text: %q", md)
	}
	for _, c := range []string{"report" + rlo + "fdp.exe", "ls " + lri + "x" + pdi} {
		if !strings.Contains(md, c) {
			t.Errorf("the Markdown lost %q: %q", c, md)
		}
	}
	again := Render(md)
	if strings.Count(again, `class="bidi-mark"`) != 3 || strings.ContainsAny(again, rlo+lri+pdi) {
		t.Errorf("rendered again, the controls do not show as marks: %q", again)
	}
	// A span that only looks like a mark stays text.
	if got := ToMarkdown(`<p><span class="bidi-mark">U+0041</span></p>`); got != "U+0041" {
		t.Errorf("a span naming no bidirectional control: %q", got)
	}
}
