package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRender checks that no input makes Render, RenderComment or
// SanitizeHTML panic or emit anything unsafe, and that the text helpers stay
// well-formed.
func FuzzRender(f *testing.F) {
	seeds := []string{
		"",
		samplePost,
		"# h\n\n*a* **b** ~~c~~ `d`\n\n- [x] e\n- [ ] f\n\n| g | h |\n|---|--:|\n| i | j |\n",
		"```go {linenos=table hl_lines=[\"1-2\"]}\nfunc main() {}\n```\n",
		"[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA) <https://example.com>",
		"<a href=\"jav&#x09;ascript:alert(1)\" onclick=alert(2)>x</a><img src=/x onerror=alert(3)>",
		"> > > - 1. <div id=x class=\"chroma k\"><input type=checkbox checked onclick=x>",
		strings.Repeat("<b><i>", 100) + strings.Repeat("[", 100),
		"\x00\xff\xfe<scr\x00ipt>",
		"![a *b*](https://example.com/x.png \"t\") ![![c](/d)](/e) [![f](https://g.example/h.png)](/i)\n\n    j\r\n> k",
		"a[^1] b[^x]\n\n[^1]: note *c*\n    more\n[^x]: > d\n",
		// Windows share paths, kept as typed, next to escapes and emphasis.
		`(\\srv.example.com\c$\a (x86)\b). \\*x* **\\10.0.0.5\s_** [\\?\C:\](/x) \\\\.\p\`,
		// Share paths as links' addresses, one ending in "\".
		"[share](\\\\print01\\floor2\\) ![p](<\\\\srv\\a(1).png> \"t\") [r][p]\n\n[p]: \\\\srv\\x\n",
		// Runs goldmark's own inline parsers read in quadratic time.
		fill("[](", 30000), "- " + fill("*a_", 30000), "> " + fill("![](<", 30000),
	}
	for _, d := range dangerous {
		seeds = append(seeds, d.src)
	}
	seeds = append(seeds, xssSeeds(8)...)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// Inputs that take super-linear time (goldmark nesting, chroma
		// backtracking) are bugs too; the bound is loose so load cannot trip it.
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 10*time.Second {
				t.Fatalf("took %v on %q", d, src)
			}
		}()
		for fn, render := range renderers {
			out := render(src)
			if bad := unsafeReasons(out); bad != nil {
				t.Fatalf("%s(%q) = %q: %v", fn, src, out, bad)
			}
		}
		plain := PlainText(src)
		if !utf8.ValidString(plain) || !utf8.ValidString(HTMLToText(src)) {
			t.Fatalf("text of %q is not valid UTF-8", src)
		}
		if ex := Excerpt(plain, 40); utf8.RuneCountInString(ex) > 40 || !utf8.ValidString(ex) {
			t.Fatalf("Excerpt(%q, 40) = %q", plain, ex)
		}
	})
}

// xssSeeds returns every nth line of xss-dev.txt, or nothing when the
// corpus is absent (the handwritten seeds still run).
func xssSeeds(every int) []string {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	for dir := wd; filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "..", "shared", "data", "bad-input", "xss-dev.txt"))
		if err != nil {
			return nil
		}
		var out []string
		for i, l := range splitLines(string(b)) {
			if i%every == 0 {
				out = append(out, l)
			}
		}
		return out
	}
	return nil
}

// FuzzToMarkdown checks that no imported body makes the Markdown derived
// for editing panic, or render anything unsafe when an editor saves it,
// that its share paths written as typed render as the converter's
// escapes did, and that the sanitised body sanitised again is the same.
func FuzzToMarkdown(f *testing.F) {
	for _, s := range []string{
		"",
		"<blockquote><p>q</p><pre><code>a\n\nb\n</code></pre></blockquote>",
		`<p>2<sup>8</sup> <kbd>Ctrl</kbd> <a href="https://s.example/?q=a+b">s</a> <img src="/x?y+z" alt="i"></p>`,
		"<table><tr><th>a</th></tr><tr><td>1<br>2</td></tr></table><ol start=\"7\"><li>x</li></ol>",
		"<p>\uE000 %EE%80%80 <a href=\"?+\">+</a></p>",
		"<s><pre><code>x\ny</code></pre></s>",
		`<p>(\\srv\share) <em>\\srv\x</em> <code>\\srv\y</code></p>`,
		"<ul><li>\\\\srv\\a\\</li></ul><p>\\\\srv\\x\\<br>*\\\\e\\f \\\\g\\h*i <kbd>\\\\k\\l</kbd> [\\\\m\\n]</p>",
	} {
		f.Add(s)
	}
	for _, s := range xssSeeds(16) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		clean := SanitizeHTML(raw)
		if again := SanitizeHTML(clean); again != clean {
			t.Fatalf("SanitizeHTML(%q) = %q, sanitised again %q", raw, clean, again)
		}
		md := ToMarkdown(clean)
		if !utf8.ValidString(md) {
			t.Fatalf("ToMarkdown of %q is not valid UTF-8: %q", raw, md)
		}
		out := Render(md)
		if unsafeReasons(out) != nil {
			t.Fatalf("Render(ToMarkdown(%q)) = %q: %v", raw, out, unsafeReasons(out))
		}
		// Share paths written as typed show as the escapes did.
		if escaped := toMarkdown(clean, false); escaped != md {
			if want := Render(escaped); out != want {
				t.Fatalf("ToMarkdown(%q) = %q renders %q, with escapes %q renders %q", clean, md, out, escaped, want)
			}
		}
	})
}
