package markdown

import (
	"strings"
	"testing"
)

// TestRenderGFM checks each GitHub Flavoured Markdown feature end to end.
func TestRenderGFM(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []string
		notWant []string
	}{
		{
			name:    "a numbered list keeps its start",
			src:     "3. third step\n4. fourth step\n",
			want:    []string{`<ol start="3">`},
			notWant: []string{`start="3" `},
		},
		{
			name: "table with alignment",
			src:  "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
			want: []string{"<table>", "<th align=\"left\">a</th>", "<td align=\"right\">2</td>"},
		},
		{
			name: "fenced code is highlighted with classes",
			src:  "```go\nfunc main() { fmt.Println(\"hi\") }\n```\n",
			want: []string{
				`<pre class="chroma"><code class="language-go">`,
				`<span class="kd">func</span>`, `<span class="nf">main</span>`, `<span class="s">&#34;hi&#34;</span>`,
			},
			notWant: []string{"style="},
		},
		{
			name:    "fenced code in an unknown language stays plain",
			src:     "```nosuchlang\n<b>x</b>\n```\n",
			want:    []string{`<pre><code class="language-nosuchlang">&lt;b&gt;x&lt;/b&gt;`},
			notWant: []string{"<b>"},
		},
		{
			name: "fenced code without language",
			src:  "```\na < b\n```\n",
			want: []string{"<pre><code>a &lt; b\n</code></pre>"},
		},
		{
			name: "indented code",
			src:  "    x := 1\n",
			want: []string{"<pre><code>x := 1\n</code></pre>"},
		},
		{
			name: "inline code",
			src:  "use `a && b`",
			want: []string{"<code>a &amp;&amp; b</code>"},
		},
		{
			name: "strikethrough",
			src:  "~~gone~~ stays",
			want: []string{"<del>gone</del> stays"},
		},
		{
			name: "task list",
			src:  "- [x] done\n- [ ] todo\n",
			want: []string{
				`<li><input type="checkbox" disabled="" checked=""/> done</li>`,
				`<li><input type="checkbox" disabled=""/> todo</li>`,
			},
		},
		{
			name: "autolink www",
			src:  "see www.example.com now",
			want: []string{`<a href="http://www.example.com" rel="nofollow noopener">www.example.com</a>`},
		},
		{
			name: "autolink https",
			src:  "see https://example.com/a?b=c now",
			want: []string{`<a href="https://example.com/a?b=c" rel="nofollow noopener">https://example.com/a?b=c</a>`},
		},
		{
			name: "autolink email",
			src:  "mail bob@example.com",
			want: []string{`<a href="mailto:bob@example.com">bob@example.com</a>`},
		},
		{
			name: "headings have no id",
			src:  "# Title\n\n## Sub {#custom}\n",
			want: []string{"<h1>Title</h1>", "<h2>Sub {#custom}</h2>"},
		},
		{
			name: "emphasis, quote and lists",
			src:  "> *a* **b**\n\n1. one\n2. two\n",
			want: []string{"<blockquote>", "<em>a</em> <strong>b</strong>", "<ol>", "<li>two</li>"},
		},
		{
			name: "image with https source",
			src:  "![logo](https://example.com/l.png \"Logo\")",
			want: []string{`<img src="https://example.com/l.png" alt="logo" title="Logo"/>`},
		},
		{
			name:    "image with relative source is dropped",
			src:     "![logo](/logout)",
			notWant: []string{"<img"},
		},
		{
			name: "image uploaded to the site",
			src:  "![screenshot](/uploads/" + strings.Repeat("ab", 32) + ".png)",
			want: []string{`<img src="/uploads/` + strings.Repeat("ab", 32) + `.png" alt="screenshot"/>`},
		},
		{
			name:    "other same-site images are dropped",
			src:     "![a](/uploads/new) ![b](/uploads/" + strings.Repeat("ab", 32) + ".svg) ![c](/uploads/" + strings.Repeat("ab", 32) + ".png?x) ![d](/uploads/../logout)",
			notWant: []string{"<img"},
		},
		{
			name: "safe raw HTML is kept",
			src:  "Press <kbd>Ctrl</kbd>+<kbd>C</kbd><br>x<sup>2</sup>",
			want: []string{"<kbd>Ctrl</kbd>+<kbd>C</kbd><br/>x<sup>2</sup>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) lacks %q\ngot: %s", tc.src, w, got)
				}
			}
			for _, nw := range tc.notWant {
				if strings.Contains(got, nw) {
					t.Errorf("Render(%q) contains %q\ngot: %s", tc.src, nw, got)
				}
			}
			if bad := unsafeReasons(got); bad != nil {
				t.Errorf("Render(%q) unsafe: %v", tc.src, bad)
			}
		})
	}
}

// TestRenderLinks checks which links get rel="nofollow noopener".
func TestRenderLinks(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantRel string
	}{
		{name: "absolute https", src: "[x](https://example.com)", wantRel: "nofollow noopener"},
		{name: "absolute http upper case", src: `<a href="HTTP://EXAMPLE.COM">x</a>`, wantRel: "nofollow noopener"},
		{name: "scheme relative", src: "[x](//example.com/a)", wantRel: "nofollow noopener"},
		{name: "http without slashes", src: `<a href="http:/example.com">x</a>`, wantRel: "nofollow noopener"},
		{name: "user rel is merged", src: `<a href="https://example.com" rel="author">x</a>`, wantRel: "nofollow noopener"},
		{name: "site relative", src: "[x](/questions/1)", wantRel: ""},
		{name: "fragment", src: "[x](#answer-2)", wantRel: ""},
		{name: "mailto", src: "[x](mailto:a@example.com)", wantRel: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src)
			if !strings.Contains(got, "<a href=") {
				t.Fatalf("Render(%q) = %s, want a link", tc.src, got)
			}
			hasRel := strings.Contains(got, ` rel="`)
			switch {
			case tc.wantRel == "" && hasRel:
				t.Errorf("Render(%q) = %s, want no rel", tc.src, got)
			case tc.wantRel != "" && !strings.Contains(got, ` rel="`+tc.wantRel+`"`):
				t.Errorf("Render(%q) = %s, want rel=%q", tc.src, got, tc.wantRel)
			}
		})
	}
}

// TestRenderBalanced checks that a post cannot close or swallow the page
// element it is rendered into.
func TestRenderBalanced(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{name: "stray closing tags", src: "a</div></div></main><div>b"},
		{name: "unclosed tags", src: "<div><blockquote><p><b>x"},
		{name: "table parts outside a table", src: "<tr><td>x</td></tr></table>"},
		{name: "misnested formatting", src: "<b><i>x</b>y</i>"},
		{name: "deeper than the parser allows", src: strings.Repeat("<div>", 600) + "deep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src)
			if err := balanced(got); err != "" {
				t.Errorf("Render(%q) = %s: %s", tc.src, got, err)
			}
		})
	}
}

// balanced reports, as a non-empty message, the first end tag that does not
// close the innermost open element, or elements left open.
func balanced(s string) string {
	var open []string
	for _, tok := range tokens(s) {
		switch {
		case tok.start && !tok.void:
			open = append(open, tok.name)
		case tok.end:
			if len(open) == 0 || open[len(open)-1] != tok.name {
				return "unbalanced </" + tok.name + ">"
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return "left open: " + strings.Join(open, ",")
	}
	return ""
}
