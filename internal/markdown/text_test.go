package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlainText checks Markdown is reduced to searchable words.
func TestPlainText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{name: "empty", src: "", want: ""},
		{name: "formatting removed", src: "# Title\n\nSome *emph* and **strong**.", want: "Title Some emph and strong."},
		{name: "link text kept, URL dropped", src: "a [link](https://example.com/x) b", want: "a link b"},
		{name: "code kept as text", src: "run `go test`:\n\n```go\nfunc main() {\n\tx := 1\n}\n```\n", want: "run go test: func main() { x := 1 }"},
		{name: "table cells separated", src: "| a | b |\n|---|---|\n| c | d |\n", want: "a b c d"},
		{name: "entities decoded", src: "a &amp; b &lt;c&gt;", want: "a & b <c>"},
		{name: "script block shows as typed", src: "<script>evil()</script>\n\nx y", want: "<script>evil()</script> x y"},
		{name: "tags not kept show as typed", src: "x <script>evil()</script> <Ctrl>+<Del> y", want: "x <script>evil()</script> <Ctrl>+<Del> y"},
		{name: "inline tags do not split words", src: "foo<b>bar</b>", want: "foobar"},
		{name: "block tags split words", src: "<p>foo</p><p>bar</p>", want: "foo bar"},
		{name: "white space collapsed", src: "a\u00a0\u00a0b\t\n\nc", want: "a b c"},
		{name: "task list", src: "- [x] done\n- [ ] todo", want: "done todo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlainText(tc.src); got != tc.want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

// TestHTMLToText checks foreign HTML is reduced the same way.
func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "paragraphs", in: "<p>Hello <em>big</em> world</p><p>again</p>", want: "Hello big world again"},
		{name: "br splits", in: "a<br>b", want: "a b"},
		{name: "code kept", in: "<pre><code>if a &lt; b {\n}</code></pre>", want: "if a < b { }"},
		{name: "style and script dropped", in: "<style>p{}</style>a<script>x()</script>b", want: "ab"},
		{name: "unclosed script drops the rest", in: "a<script>x()", want: "a"},
		{name: "comments dropped", in: "a<!-- hidden -->b", want: "ab"},
		{name: "nested dropped elements", in: "a<object><object>x</object>y</object>b", want: "ab"},
		{name: "not HTML", in: "1 < 2 && 3 > 2", want: "1 < 2 && 3 > 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HTMLToText(tc.in); got != tc.want {
				t.Errorf("HTMLToText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestExcerpt checks cutting at word boundaries within n runes.
func TestExcerpt(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		n     int
		want  string
	}{
		{name: "short text unchanged", plain: "hello world", n: 20, want: "hello world"},
		{name: "exact length unchanged", plain: "hello world", n: 11, want: "hello world"},
		{name: "cut at word boundary", plain: "hello wonderful world", n: 12, want: "hello…"},
		{name: "boundary right at the cut", plain: "hello world again", n: 12, want: "hello world…"},
		{name: "trailing punctuation trimmed", plain: "one, two, three", n: 9, want: "one, two…"},
		{name: "single long word cut hard", plain: "supercalifragilistic", n: 6, want: "super…"},
		{name: "runes not bytes", plain: "héllo wörld ünïcödé", n: 13, want: "héllo wörld…"},
		{name: "CJK without spaces", plain: "日本語のテキストです", n: 5, want: "日本語の…"},
		{name: "n of one", plain: "hello world", n: 1, want: "…"},
		{name: "n of zero", plain: "hello", n: 0, want: ""},
		{name: "negative n", plain: "hello", n: -3, want: ""},
		{name: "surrounding space trimmed", plain: "  hi  ", n: 10, want: "hi"},
		{name: "empty", plain: "", n: 10, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Excerpt(tc.plain, tc.n)
			if got != tc.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.plain, tc.n, got, tc.want)
			}
			if tc.n > 0 && utf8.RuneCountInString(got) > tc.n {
				t.Errorf("Excerpt(%q, %d) = %q: longer than %d runes", tc.plain, tc.n, got, tc.n)
			}
		})
	}
}

// TestExcerptNeverTooLong checks the length bound for every n on a long text.
func TestExcerptNeverTooLong(t *testing.T) {
	text := strings.Repeat("Stackdesk answers questions, fast — 速い. ", 20)
	for n := 0; n < 200; n++ {
		got := Excerpt(text, n)
		if utf8.RuneCountInString(got) > n || !utf8.ValidString(got) {
			t.Fatalf("Excerpt(text, %d) = %q: too long or invalid", n, got)
		}
	}
}
