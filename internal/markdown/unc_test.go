package markdown

import (
	"html"
	"strings"
	"testing"
	"time"
)

// TestUNCPathsStayAsTyped checks that a Windows share's path shows as
// written wherever it starts a word, in posts, comments and search text,
// while "\\" keeps its CommonMark meaning elsewhere.
func TestUNCPathsStayAsTyped(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the paragraph's inner HTML
	}{
		{"a path alone", `\\print01\floor2`, `\\print01\floor2`},
		{"a host name with dots and an admin share", `see \\host.example.com\c$\x`, `see \\host.example.com\c$\x`},
		{"an IP address", `map \\10.0.0.5\share now`, `map \\10.0.0.5\share now`},
		{"at the start of a later line", "first line\n\\\\fs01\\users\\jdoe", "first line\n\\\\fs01\\users\\jdoe"},
		{"in parentheses", `the printer (\\print01\floor2) is down`, `the printer (\\print01\floor2) is down`},
		{"in quotation marks", `"\\srv\a" and 'x \\srv\b' and „\\srv\c“`, `&#34;\\srv\a&#34; and &#39;x \\srv\b&#39; and „\\srv\c“`},
		{"a full stop and a comma after it are the sentence's", `Open \\srv\share\dir. Then \\srv\b, done`, `Open \\srv\share\dir. Then \\srv\b, done`},
		{"parentheses in the path stay", `\\srv\apps\Office (x86)\setup`, `\\srv\apps\Office (x86)\setup`},
		{"in bold", `**\\srv\share**`, `<strong>\\srv\share</strong>`},
		{"in underscore emphasis", `_\\srv\share_`, `<em>\\srv\share</em>`},
		{"as a link's text", `[\\srv\x](https://example.com/)`, `<a href="https://example.com/" rel="nofollow noopener">\\srv\x</a>`},
		{"a long path and a device path", `\\?\C:\Windows and \\.\pipe\spool`, `\\?\C:\Windows and \\.\pipe\spool`},
		{"an ampersand in a path", `\\srv\R&D\plans`, `\\srv\R&amp;D\plans`},
		{"a host name that looks like an address is not linked", `\\www.example.com\x`, `\\www.example.com\x`},
		{"an escaped backslash alone", `a \\ b`, `a \ b`},
		{"an escaped backslash before emphasis", `\\*text*`, `\<em>text</em>`},
		{"no backslash after the host", `\\server only`, `\server only`},
		{"a host starts with a letter or digit", `\\-x\y`, `\-x\y`},
		{"inside a word", `DOMAIN\\user\x`, `DOMAIN\user\x`},
		{"an escaped backslash before a path", `\\\srv\x`, `\\srv\x`},
		{"after an escaped bracket", `\(\\srv\x`, `(\srv\x`},
		{"after an escaped backslash and a bracket", `\\(\\srv\x`, `\(\\srv\x`},
		{"escapes after a path are read", `\\srv\x \*y\* \[z\] \\`, `\\srv\x *y* [z] \`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Render(tc.src), "<p>"+tc.want+"</p>\n"; got != want {
				t.Errorf("Render(%q) = %q, want %q", tc.src, got, want)
			}
			if got, want := RenderComment(tc.src), "<p>"+strings.ReplaceAll(tc.want, "\n", " ")+"</p>\n"; got != want {
				t.Errorf("RenderComment(%q) = %q, want %q", tc.src, got, want)
			}
			if got, want := PlainText(tc.src), HTMLToText(tc.want); got != want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.src, got, want)
			}
		})
	}
}

// TestUNCPathAfterAHardLineBreak checks that the backslash ending the line
// before (a hard line break) does not escape the path's first character.
func TestUNCPathAfterAHardLineBreak(t *testing.T) {
	src := "line\\\n\\\\srv\\x"
	if got, want := Render(src), "<p>line<br/>\n\\\\srv\\x</p>\n"; got != want {
		t.Errorf("Render(%q) = %q, want %q", src, got, want)
	}
}

// TestUNCPathInStrikethrough checks that the "~~" closing a
// strikethrough (posts only) is not taken into the path.
func TestUNCPathInStrikethrough(t *testing.T) {
	src := `~~\\srv\old~~ \\srv\new`
	if got, want := Render(src), "<p><del>\\\\srv\\old</del> \\\\srv\\new</p>\n"; got != want {
		t.Errorf("Render(%q) = %q, want %q", src, got, want)
	}
}

// TestUNCPathsInCode checks that code, literal already, is unchanged.
func TestUNCPathsInCode(t *testing.T) {
	for src, want := range map[string]string{
		"`\\\\srv\\x`":                "<p><code>\\\\srv\\x</code></p>\n",
		"    net use \\\\srv\\x\n":    "<pre><code>net use \\\\srv\\x\n</code></pre>\n",
		"```\ncopy \\\\srv\\x .\n```": "<pre><code>copy \\\\srv\\x .\n</code></pre>\n",
	} {
		if got := Render(src); got != want {
			t.Errorf("Render(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestUNCPathsSurviveEditing checks that a path read from stored HTML (an
// import's, or a post's) comes back the same after the editor's round trip:
// HTML to Markdown, then Markdown to HTML again.
func TestUNCPathsSurviveEditing(t *testing.T) {
	for _, src := range []string{
		`\\print01\floor2`,
		`Map (\\fs.example.com\c$\logs) and **\\10.0.0.5\share**, then \\*x*.`,
		"- \\\\srv\\a\n- `\\\\srv\\b`\n\n> \\\\srv\\c\n",
	} {
		stored := Render(src)
		if got := Render(ToMarkdown(stored)); got != stored {
			t.Errorf("Render(ToMarkdown(Render(%q))) = %q, want %q", src, got, stored)
		}
	}
	imported := `<p>Drivers are on \\srv01\drivers\hp, see (\\srv01\docs).</p>`
	if got := Render(ToMarkdown(SanitizeHTML(imported))); got != imported+"\n" {
		t.Errorf("Render(ToMarkdown(%q)) = %q", imported, got)
	}
}

// TestUNCPathsFromText checks that a ticket's text keeps its share paths
// as typed in the Markdown made from it, and that backslashes that only
// escapes would make a path of still show as the text had them.
func TestUNCPathsFromText(t *testing.T) {
	for text, md := range map[string]string{
		`Map \\srv\share and (\\fs01\c$\x).`: `Map \\srv\share and (\\fs01\c$\x).`,
		`\a_b\c`:                             `&#92;a\_b\\c`,
		`("\a\b")`:                           `(\"\\a\\b")`,
		`\1.'\1\\`:                           `\\1.'&#92;1\\\\`,
		`\\srv\a_b`:                          `\\srv\a_b`,
		`\\srv\a*b`:                          `\\\\srv\\a\*b`,
	} {
		if got := FromText(text); got != md {
			t.Errorf("FromText(%q) = %q, want %q", text, got, md)
		}
		if got := PlainText(FromText(text)); got != text {
			t.Errorf("%q shows as %q", text, got)
		}
	}
}

// TestUNCPathRunsTakeLinearTime renders and converts long runs of what
// starts share paths, each written so that the path is cut short, is no
// path, or (one word ending in "*") is not written as typed: the work stays linear in the length (a check per backslash that
// read the rest of the word took minutes here). The bound is loose so load
// cannot trip it.
func TestUNCPathRunsTakeLinearTime(t *testing.T) {
	const size = 200 << 10
	for _, run := range []string{`(\\a\[`, `(\\a\_`, `(\\aaaa`, `"\\a.b\~`, `(\\`, `(\a\`, `(\\a\`, `[](\\a\b\ `, `[](<\\a\b\>`} {
		src := strings.Repeat(run, size/len(run)) + "*"
		done := make(chan struct{})
		go func() {
			defer close(done)
			Render(src)
			PlainText(src)
			FromText(src)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q repeated to %d bytes took more than 10 s", run, len(src))
		}
	}
}

// TestUNCPathAsLinkAddress checks that a share path pasted as a link's or
// an image's address shows, whole, after the link's text, and links
// nowhere: no scheme the sanitiser allows reaches a share.
func TestUNCPathAsLinkAddress(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the paragraph's inner HTML
	}{
		{"as typed", `[share](\\print01\floor2)`, `share (\\print01\floor2)`},
		{"written with escapes", `[share](\\\\print01\\floor2)`, `share (\\print01\floor2)`},
		{"in angle brackets, with a title", `[share](<\\print01\floor2> "Floor 2")`, `share (\\print01\floor2)`},
		{"the text is the path", `[\\print01\floor2](\\print01\floor2)`, `\\print01\floor2`},
		{"no text", `[](\\print01\floor2)`, `\\print01\floor2`},
		{"emphasis in the text stays", `[**the** share](\\srv\R&D)`, `<strong>the</strong> share (\\srv\R&amp;D)`},
		{"an image", `![plan](\\srv\plans\floor2.png)`, `plan (\\srv\plans\floor2.png)`},
		{"ending in a backslash", `[share](\\print01\floor2\)`, `share (\\print01\floor2\)`},
		{"ending in a backslash, in angle brackets", `[share](<\\print01\floor2\>)`, `share (\\print01\floor2\)`},
		{"with parentheses and a title", `[setup]( \\srv\apps(x86)\ "t") (x)`, `setup (\\srv\apps(x86)\) (x)`},
		{"not a share path: a link as before", `[x](\\srv)`, `<a href="%5Csrv">x</a>`},
		{"a path in a web address: a link as before", `[x](https://x.example/\\a\b)`, `<a href="https://x.example/%5Ca%5Cb" rel="nofollow noopener">x</a>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Render(tc.src), "<p>"+tc.want+"</p>\n"; got != want {
				t.Errorf("Render(%q) = %q, want %q", tc.src, got, want)
			}
			if got, want := RenderComment(tc.src), "<p>"+tc.want+"</p>\n"; got != want {
				t.Errorf("RenderComment(%q) = %q, want %q", tc.src, got, want)
			}
			if got, want := PlainText(tc.src), HTMLToText(tc.want); got != want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.src, got, want)
			}
		})
	}
	src := "See [the share][p].\n\n[p]: \\\\print01\\floor2\n"
	if got, want := Render(src), "<p>See the share (\\\\print01\\floor2).</p>\n"; got != want {
		t.Errorf("Render(%q) = %q, want %q", src, got, want)
	}
}

// TestUNCPathsInDerivedMarkdown checks that the Markdown an editor starts
// from for an imported post writes its share paths as a person types
// them, that it renders as the imported HTML showed, and that a path whose
// escapes are needed there (after an escaped character, or in a tag kept
// as HTML) keeps them.
func TestUNCPathsInDerivedMarkdown(t *testing.T) {
	tests := []struct {
		name, html, md string
	}{
		{"a path alone", `<p>\\print01\floor2</p>`, `\\print01\floor2`},
		{"in a sentence, in parentheses and in bold",
			`<p>Map (\\fs.example.com\c$\logs) and <strong>\\10.0.0.5\share</strong>, then \\srv\R&amp;D\x.</p>`,
			`Map (\\fs.example.com\c$\logs) and **\\10.0.0.5\share**, then \\srv\R&D\x.`},
		{"as a link's text", `<p><a href="https://x.example/">\\srv\x</a></p>`, `[\\srv\x](https://x.example/)`},
		{"in a list and a quotation", `<ul><li>\\srv\a</li></ul><blockquote><p>\\srv\b</p></blockquote>`, "- \\\\srv\\a\n\n> \\\\srv\\b"},
		{"code keeps its text", `<p><code>\\srv\c</code></p><pre><code>net use \\srv\d
</code></pre>`, "`\\\\srv\\c`\n\n```\nnet use \\\\srv\\d\n```"},
		{"after an escaped character", `<p>a *\\srv\e</p>`, `a \*\\\\srv\\e`},
		{"followed by an escaped character", `<p>\\srv\x*y</p>`, `\\\\srv\\x\*y`},
		{"in a tag kept as HTML", `<p><kbd>\\srv\g</kbd></p>`, `<kbd>\\\\srv\\g</kbd>`},
		{"no path: an escaped backslash", `<p>a \\ b \\*c*</p>`, `a \\\\ b \\\\\*c*`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clean := SanitizeHTML(tc.html)
			got := ToMarkdown(clean)
			if got != tc.md {
				t.Errorf("ToMarkdown(%q) = %q, want %q", clean, got, tc.md)
			}
			if Shape(Render(got)) != Shape(clean) {
				t.Errorf("Render(%q) = %q, want it to show as %q", got, Render(got), clean)
			}
		})
	}
}

// TestUNCPathEndingInABackslash checks that a share path written with a
// backslash at its end, at the end of a line, keeps that backslash and
// makes no hard line break (CommonMark's "\" at a line's end), in posts,
// comments, search text and the Markdown derived for editing, while a
// backslash at the end of other text still breaks the line.
func TestUNCPathEndingInABackslash(t *testing.T) {
	for _, tc := range []struct{ src, post, comment string }{
		{"\\\\print01\\floor2\\\nnext", "\\\\print01\\floor2\\\nnext", "\\\\print01\\floor2\\ next"},
		{"see \\\\print01\\floor2\\\r\nnext", "see \\\\print01\\floor2\\\nnext", "see \\\\print01\\floor2\\ next"},
		{"**\\\\srv\\x\\**\n(\\\\srv\\y\\)\nnext", "<strong>\\\\srv\\x\\</strong>\n(\\\\srv\\y\\)\nnext", "<strong>\\\\srv\\x\\</strong> (\\\\srv\\y\\) next"},
		{"text\\\nnext", "text<br/>\nnext", "text\\ next"},
		{"a \\\\srv\\x\\ b\\\nnext", "a \\\\srv\\x\\ b<br/>\nnext", "a \\\\srv\\x\\ b\\ next"},
	} {
		if got, want := Render(tc.src), "<p>"+tc.post+"</p>\n"; got != want {
			t.Errorf("Render(%q) = %q, want %q", tc.src, got, want)
		}
		if got, want := RenderComment(tc.src), "<p>"+tc.comment+"</p>\n"; got != want {
			t.Errorf("RenderComment(%q) = %q, want %q", tc.src, got, want)
		}
		if got, want := PlainText(tc.src), HTMLToText(tc.post); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.src, got, want)
		}
	}
	// A ticket's text and an imported post's HTML.
	if got, want := FromText("\\\\print01\\floor2\\\nnext"), "\\\\print01\\floor2\\  \nnext"; got != want {
		t.Errorf("FromText = %q, want %q", got, want)
	}
	for html, want := range map[string]string{
		"<ul><li>\\\\srv\\a\\</li><li>\\\\srv\\b\\</li></ul>":      "- \\\\srv\\a\\\n- \\\\srv\\b\\",
		"<p>\\\\srv\\x\\<br>next \\\\srv\\y\\</p>":                 "\\\\srv\\x\\  \nnext \\\\srv\\y\\",
		"<blockquote><p>\\\\srv\\q\\</p></blockquote><p>after</p>": "> \\\\srv\\q\\\n\nafter",
	} {
		clean := SanitizeHTML(html)
		md := ToMarkdown(clean)
		if md != want {
			t.Errorf("ToMarkdown(%q) = %q, want %q", clean, md, want)
		}
		if Shape(Render(md)) != Shape(clean) {
			t.Errorf("Render(%q) = %q, want it to show as %q", md, Render(md), clean)
		}
	}
}

// TestUNCPathsInDerivedMarkdownTakeLinearTime writes the share paths of
// Markdown derived from long runs of what starts them as typed: the work
// stays linear in the length (the converter's own time is not measured).
func TestUNCPathsInDerivedMarkdownTakeLinearTime(t *testing.T) {
	const size = 200 << 10
	for _, run := range []string{`(\\a`, ` \\a\b*`, `\\a\\`, `"\\a.b\~`, "\\\\a\\b\\\n"} {
		text := strings.Repeat(run, size/len(run))
		escaped := toMarkdown("<p>"+html.EscapeString(text)+"</p>", false)
		done := make(chan struct{})
		go func() {
			defer close(done)
			typedSharePaths(escaped)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%q repeated to %d bytes took more than 10 s", run, len(text))
		}
	}
}
