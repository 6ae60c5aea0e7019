package markdown

import (
	"strings"
	"testing"
)

// TestToMarkdown checks imported HTML becomes editable GFM.
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
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ToMarkdown(tc.in)
			if err != nil {
				t.Fatalf("ToMarkdown(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ToMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestToMarkdownCorpora checks every bad payload converts without error and
// that the Markdown, rendered again, is still safe.
func TestToMarkdownCorpora(t *testing.T) {
	for _, c := range loadCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			for i, line := range c.lines {
				md, err := ToMarkdown(line)
				if err != nil {
					t.Errorf("%s line %d: ToMarkdown(%q): %v", c.name, i+1, line, err)
					continue
				}
				if bad := unsafeReasons(Render(md)); bad != nil {
					t.Errorf("%s line %d: Render(ToMarkdown(%q)) unsafe: %v", c.name, i+1, line, bad)
				}
			}
		})
	}
}

// TestToMarkdownDeepNesting checks pathological HTML does not crash.
func TestToMarkdownDeepNesting(t *testing.T) {
	for name, in := range map[string]string{
		"divs":  strings.Repeat("<div>", 5000) + "x",
		"lists": strings.Repeat("<ul><li>", 2000) + "x",
		"bolds": strings.Repeat("<b><i>", 5000) + "x",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ToMarkdown(in); err != nil {
				t.Logf("ToMarkdown(%s) error (allowed): %v", name, err)
			}
		})
	}
}
