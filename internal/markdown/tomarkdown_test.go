package markdown

import (
	"strings"
	"testing"
)

// TestToMarkdown checks imported HTML becomes editable GFM, converted from
// the sanitised HTML that is displayed.
func TestToMarkdown(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "paragraph with emphasis and link", in: `<p>Hello <b>world</b>, see <a href="https://example.com">this</a>.</p>`, want: "Hello **world**, see [this](https://example.com)."},
		{name: "stack exchange code block", in: `<pre class="lang-js prettyprint-override"><code>let x = 1;</code></pre>`, want: "```js\nlet x = 1;\n```"},
		{name: "our own highlighted code", in: Render("```go\nfunc main() {}\n```"), want: "```go\nfunc main() {}\n```"},
		{name: "table", in: "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", want: "| a | b |\n|---|---|\n| 1 | 2 |"},
		{name: "strikethrough", in: "<p><del>old</del> new</p>", want: "~~old~~ new"},
		{name: "list", in: "<ul><li>one</li><li>two</li></ul>", want: "- one\n- two"},
		{name: "script dropped", in: "<p>a</p><script>alert(1)</script>", want: "a"},
		{name: "what readers see", in: `<p><a href="javascript:alert(1)">x</a> <img src="/local.png" alt="chart"> <span style="color:red">red</span></p>`, want: "x chart red"},
		{name: "superscript, subscript and keys stay HTML", in: "<p>2<sup>256</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>*</kbd></p>", want: "2<sup>256</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>\\*</kbd>"},
		{name: "code in a quotation stays quoted", in: "<blockquote><p>It said:</p><pre><code>one\n\ntwo\n</code></pre></blockquote><p>after</p>", want: "> It said:\n> \n> ```\n> one\n> \n> two\n> ```\n\nafter"},
		{name: "line breaks in a table cell", in: "<table><tr><th>a</th></tr><tr><td>one<br>two</td></tr></table>", want: "| a |\n|---|\n| one  <br />two |"},
		{name: "pluses in addresses stay", in: `<p><img src="https://latex.example/svg?x%5E2%20+%201" alt="f"> <a href="https://s.example/?q=a+b">s</a></p>`, want: "![f](https://latex.example/svg?x%5E2%20+%201) [s](https://s.example/?q=a+b)"},
		{name: "the marker's escaped form as text stays", in: `<p>%EE%80%80 starts it <a href="https://s.example/?q=a+b">s</a></p>`, want: "%EE%80%80 starts it [s](https://s.example/?q=a%20b)"},
		{name: "a list that starts at 3", in: `<ol start="3"><li>third</li><li>fourth</li></ol>`, want: "3. third\n4. fourth"},
		{name: "too deep to parse", in: strings.Repeat("<div>", 600) + "deep <b>words</b>", want: "deep words"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clean := SanitizeHTML(tc.in)
			if got := ToMarkdown(clean); got != tc.want {
				t.Errorf("ToMarkdown(SanitizeHTML(%q)) = %q, want %q", tc.in, got, tc.want)
			}
			if got := Source("", clean); got != tc.want {
				t.Errorf("Source(\"\", SanitizeHTML(%q)) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestToMarkdownCorpora checks every bad payload's sanitised HTML converts,
// and that the Markdown, rendered again, is still safe.
func TestToMarkdownCorpora(t *testing.T) {
	for _, c := range loadCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			for i, line := range c.lines {
				md := ToMarkdown(SanitizeHTML(line))
				if bad := unsafeReasons(Render(md)); bad != nil {
					t.Errorf("%s line %d: Render(ToMarkdown(%q)) unsafe: %v", c.name, i+1, line, bad)
				}
			}
		})
	}
}

// TestToMarkdownDeepNesting checks pathological HTML converts without a
// crash and keeps its words.
func TestToMarkdownDeepNesting(t *testing.T) {
	for name, in := range map[string]string{
		"divs":  strings.Repeat("<div>", 5000) + "x",
		"lists": strings.Repeat("<ul><li>", 2000) + "x",
		"bolds": strings.Repeat("<b><i>", 5000) + "x",
	} {
		t.Run(name, func(t *testing.T) {
			if md := ToMarkdown(SanitizeHTML(in)); !strings.Contains(md, "x") {
				t.Errorf("ToMarkdown(%s) = %.80q, lost the text", name, md)
			}
		})
	}
}

// TestSourceKeepsStoredMarkdown checks a post's own Markdown wins over its
// HTML, and a post without either has none.
func TestSourceKeepsStoredMarkdown(t *testing.T) {
	if got := Source("*mine*", "<p><b>other</b></p>"); got != "*mine*" {
		t.Errorf("Source with stored Markdown = %q, want it unchanged", got)
	}
	if got := Source("", ""); got != "" {
		t.Errorf("Source of nothing = %q, want empty", got)
	}
}

// TestShapeTellsWhatReadersSee checks Shape ignores what readers do not see
// and keeps what they do.
func TestShapeTellsWhatReadersSee(t *testing.T) {
	same := [][2]string{
		{"<p>a <b>b</b></p>\n<p>c</p>", "<p>a<b>b</b></p><p>c</p>"},
		{`<p><a href="https://x.example/" rel="nofollow noopener">x</a></p>`, `<p><a href="https://x.example/">x</a></p>`},
		{`<pre><code class="language-go"><span class="kd">func</span> f()</code></pre>`, `<pre><code>func f()</code></pre>`},
	}
	for _, c := range same {
		if Shape(c[0]) != Shape(c[1]) {
			t.Errorf("Shape(%q) = %q, Shape(%q) = %q: want the same", c[0], Shape(c[0]), c[1], Shape(c[1]))
		}
	}
	differ := [][2]string{
		{`<p><img src="http://i.example/a.png"></p>`, `<p><img src="https://i.example/a.png"></p>`},
		{"<blockquote><p>a</p><p>b</p></blockquote>", "<blockquote><p>a</p></blockquote><blockquote><p>b</p></blockquote>"},
		{"<pre><code>\tx</code></pre>", "<pre><code>    x</code></pre>"},
		{`<ol start="3"><li>c</li></ol>`, "<ol><li>c</li></ol>"},
		{"<p>one two</p>", "<p>one three</p>"},
		{"<p>&lt;ins&gt;new&lt;/ins&gt;</p>", "<p><ins>new</ins></p>"},
		{`<table><tr><th align="right">a</th></tr></table>`, "<table><tr><th>a</th></tr></table>"},
	}
	for _, c := range differ {
		if Shape(c[0]) == Shape(c[1]) {
			t.Errorf("Shape(%q) = Shape(%q) = %q: want them told apart", c[0], c[1], Shape(c[0]))
		}
	}
}
