package markdown

import (
	"strings"
	"testing"
)

// TestHTMLNotKeptShowsAsTypedAtAParagraphStart checks that HTML a post
// cannot keep shows as typed wherever it stands, at the start of a
// paragraph (where CommonMark reads an HTML block) as in its middle, with
// the Markdown after it working, and that nothing written vanishes: not a
// script and its text, not an image the sanitiser would drop, not an
// iframe on a line of its own, not an instruction or declaration; an
// HTML block the post keeps (<div>, <details>) stays markup, with the tags
// inside it it cannot keep shown as typed, while an inline element's tag
// alone on a line (an unclosed <b>) is read as in a paragraph. Comments
// stay hidden.
func TestHTMLNotKeptShowsAsTypedAtAParagraphStart(t *testing.T) {
	tests := []struct {
		name, src, want, text string
	}{
		{"script at a paragraph's start",
			"<script>alert(2)</script> at start of the paragraph, text after it.",
			"<p>&lt;script&gt;alert(2)&lt;/script&gt; at start of the paragraph, text after it.</p>\n",
			"<script>alert(2)</script> at start of the paragraph, text after it."},
		{"Markdown after a script at the start",
			"<script>alert(2)</script> then [x](javascript:alert(1)), *em* and <details>d</details>",
			"<p>&lt;script&gt;alert(2)&lt;/script&gt; then x, <em>em</em> and &lt;details&gt;d&lt;/details&gt;</p>\n",
			"<script>alert(2)</script> then x, em and <details>d</details>"},
		{"script block over lines",
			"<script>\nalert(1)\n</script>\n\nnext",
			"<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n<p>next</p>\n",
			"<script> alert(1) </script> next"},
		{"style and textarea at the start",
			"<style>body{display:none}</style> *a*\n\n<textarea>t</textarea> b",
			"<p>&lt;style&gt;body{display:none}&lt;/style&gt; <em>a</em></p>\n<p>&lt;textarea&gt;t&lt;/textarea&gt; b</p>\n",
			"<style>body{display:none}</style> a <textarea>t</textarea> b"},
		{"img onerror in a paragraph",
			"text <img src=x onerror=alert(1)> mid",
			"<p>text &lt;img src=x onerror=alert(1)&gt; mid</p>\n",
			"text <img src=x onerror=alert(1)> mid"},
		{"img onerror on a line of its own",
			"<img src=x onerror=alert(1)>\nmore *text*",
			"<p>&lt;img src=x onerror=alert(1)&gt;\nmore <em>text</em></p>\n",
			"<img src=x onerror=alert(1)> more text"},
		{"an input that is no checkbox", "a <input type=text name=password> b",
			"<p>a &lt;input type=text name=password&gt; b</p>\n",
			"a <input type=text name=password> b"},
		{"iframe as an HTML block",
			"<iframe src=\"https://evil.example/\"></iframe>\n\nnext",
			"<p>&lt;iframe src=&#34;https://evil.example/&#34;&gt;&lt;/iframe&gt;</p>\n<p>next</p>\n",
			`<iframe src="https://evil.example/"></iframe> next`},
		{"instruction, declaration and CDATA",
			"<?php echo 1; ?> a\n\n<!DOCTYPE html> b\n\n<![CDATA[ c ]]> d\n\ne <?x?> f",
			"<p>&lt;?php echo 1; ?&gt; a</p>\n<p>&lt;!DOCTYPE html&gt; b</p>\n<p>&lt;![CDATA[ c ]]&gt; d</p>\n<p>e &lt;?x?&gt; f</p>\n",
			"<?php echo 1; ?> a <!DOCTYPE html> b <![CDATA[ c ]]> d e <?x?> f"},
		{"a capitalised block", "<DIV>\nhi *there*\n</DIV>",
			"<p>&lt;DIV&gt;\nhi <em>there</em>\n&lt;/DIV&gt;</p>\n",
			"<DIV> hi there </DIV>"},
		{"div block stays", "<div>\nhello *world*\n</div>",
			"<div>\nhello *world*\n</div>",
			"hello *world*"},
		{"tags a div block cannot keep",
			"<div>\n<script>alert(1)</script>\n<iframe src=x></iframe> text <img src=x onerror=alert(1)>\n<?php x ?> <!-- hidden --> a < b\n</div>",
			"<div>\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;iframe src=x&gt;&lt;/iframe&gt; text &lt;img src=x onerror=alert(1)&gt;\n&lt;?php x ?&gt;  a &lt; b\n</div>",
			"<script>alert(1)</script> <iframe src=x></iframe> text <img src=x onerror=alert(1)> <?php x ?> a < b"},
		{"details block stays", "<details>\n<summary>More</summary>\n\nbody\n</details>",
			"<details>\n<summary>More</summary>\n<p>body</p>\n</details>",
			"More body"},
		{"a comment is hidden", "<!-- a note -->\n\ntext <!-- another --> here",
			"\n<p>text  here</p>\n",
			"text here"},
		{"an unfinished comment swallows nothing", "> <!-- x\n\n<b>after</b> text",
			"<blockquote>\n&lt;!-- x\n</blockquote>\n<p><b>after</b> text</p>\n",
			"<!-- x after text"},
		{"an unfinished tag swallows nothing", "<div title=\"x\n\nfoo\"> bar",
			"&lt;div title=&#34;x\n<p>foo&#34;&gt; bar</p>\n",
			`<div title="x foo"> bar`},
		{"a kept image stays", "<img src=\"https://example.com/a.png\" alt=\"a\" onerror=alert(1)>",
			"<p><img src=\"https://example.com/a.png\" alt=\"a\"/></p>\n",
			""},
		{"an unclosed tag alone on its line", "<b>\nrest of the paragraph\n\nnext paragraph",
			"<p>&lt;b&gt;\nrest of the paragraph</p>\n<p>next paragraph</p>\n",
			"<b> rest of the paragraph next paragraph"},
		{"inline tags alone on their lines", "<b>\nbold *text*\n</b>",
			"<p><b>\nbold <em>text</em>\n</b></p>\n",
			"bold text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.src)
			if got != tc.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
			if text := HTMLToText(got); text != tc.text {
				t.Errorf("Render(%q) shows %q, want %q", tc.src, text, tc.text)
			}
			if bad := unsafeReasons(got); bad != nil {
				t.Errorf("Render(%q) = %q: %v", tc.src, got, bad)
			}
		})
	}
}

// TestCorpusHTMLShowsAsInTheMiddle checks, over the bad-input corpora,
// that a payload starting with HTML the post cannot keep (a script, an
// iframe, an SVG, a declaration) shows the same text at the start of a
// paragraph as after a word: nothing of it vanishes there.
func TestCorpusHTMLShowsAsInTheMiddle(t *testing.T) {
	checked := 0
	for _, c := range loadCorpora(t) {
		for i, line := range c.lines {
			l := strings.TrimLeft(line, " ")
			if !strings.HasPrefix(l, "<") || strings.HasPrefix(l, "<!--") || keptBlockStart([]byte(l)) || strings.ContainsAny(l, "\r\n") {
				continue
			}
			checked++
			start := HTMLToText(Render(l))
			middle := strings.TrimPrefix(HTMLToText(Render("word "+l)), "word ")
			if start != middle {
				t.Errorf("%s line %d: %q shows %q at a paragraph's start, %q after a word", c.name, i+1, l, start, middle)
			}
		}
	}
	t.Logf("%d payloads checked", checked)
	if checked < 200 {
		t.Fatalf("only %d payloads start with HTML not kept", checked)
	}
}
