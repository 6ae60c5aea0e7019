package markdown

import (
	"strings"
	"testing"
)

// TestRenderComment checks that a comment keeps inline Markdown and shows
// every block construct as its text, in one paragraph.
func TestRenderComment(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    string
		notWant []string
	}{
		{
			name: "inline Markdown",
			src:  "*italic* **bold** `a && b` [docs](https://example.com/docs)",
			want: `<p><em>italic</em> <strong>bold</strong> <code>a &amp;&amp; b</code> <a href="https://example.com/docs" rel="nofollow noopener">docs</a></p>` + "\n",
		},
		{
			name: "bare and angle-bracket URLs are linked",
			src:  "see https://example.com/a?b=c and <https://example.org>",
			want: `<p>see <a href="https://example.com/a?b=c" rel="nofollow noopener">https://example.com/a?b=c</a> and <a href="https://example.org" rel="nofollow noopener">https://example.org</a></p>` + "\n",
		},
		{
			name:    "an image is a link to it",
			src:     `look: ![the *diagram*](https://example.com/d.png "Diagram")`,
			want:    `<p>look: <a href="https://example.com/d.png" rel="nofollow noopener" title="Diagram">the <em>diagram</em></a></p>` + "\n",
			notWant: []string{"<img"},
		},
		{
			name:    "a table is its text",
			src:     "| a | b |\n|---|---|\n| 1 | 2 |",
			want:    "<p>| a | b | |---|---| | 1 | 2 |</p>\n",
			notWant: []string{"<table"},
		},
		{
			name:    "a fenced block is at most inline code",
			src:     "```go\nfmt.Println(1)\n```",
			notWant: []string{"<pre", "chroma"},
		},
		{
			name:    "an indented block is text",
			src:     "\n    x := 1\n\n\tnext",
			want:    "<p>x := 1  \tnext</p>\n",
			notWant: []string{"<pre"},
		},
		{
			name:    "a heading is its text",
			src:     "# Title",
			want:    "<p># Title</p>\n",
			notWant: []string{"<h1"},
		},
		{
			name:    "lists and quotations are their text",
			src:     "> quoted\n\n- one\n- two\n\n1. first",
			notWant: []string{"<blockquote", "<ul", "<ol", "<li"},
		},
		{
			name:    "a thematic break is its text",
			src:     "---",
			want:    "<p>---</p>\n",
			notWant: []string{"<hr"},
		},
		{
			name: "HTML shows as written",
			src:  `<div><b>bold</b></div> <img src="https://example.com/x.png">`,
			want: "<p>&lt;div&gt;&lt;b&gt;bold&lt;/b&gt;&lt;/div&gt; &lt;img src=&#34;https://example.com/x.png&#34;&gt;</p>\n",
		},
		{
			name:    "lines and paragraphs join into one paragraph",
			src:     "first line\nsecond line\r\n\r\nthird",
			notWant: []string{"</p>\n<p>", "<br"},
		},
		{
			name:    "reference definitions are not read",
			src:     "[docs]\n\n[docs]: https://example.com",
			notWant: []string{`<a href="https://example.com" rel="nofollow noopener">docs</a>`},
		},
		{
			name:    "a script link is dropped",
			src:     "[x](javascript:alert(1)) ![y](javascript:alert(2))",
			notWant: []string{"javascript"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RenderComment(tc.src)
			if tc.want != "" && got != tc.want {
				t.Errorf("RenderComment(%q) =\n%q\nwant\n%q", tc.src, got, tc.want)
			}
			if n := strings.Count(got, "<p>"); n != 1 {
				t.Errorf("RenderComment(%q) = %q: %d paragraphs, want 1", tc.src, got, n)
			}
			for _, bad := range tc.notWant {
				if strings.Contains(got, bad) {
					t.Errorf("RenderComment(%q) = %q, contains %q", tc.src, got, bad)
				}
			}
		})
	}
}
