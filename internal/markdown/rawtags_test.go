package markdown

import (
	"strings"
	"testing"
)

// TestTagsNotKeptShowAsTyped checks that key names and placeholders in angle
// brackets show in a post as typed, as in a comment, that only lower-case
// names of elements the policy keeps are markup, and that a tag left open
// or closed without opening in its paragraph shows as typed instead of
// spreading over the rest of the post.
func TestTagsNotKeptShowAsTyped(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"keys", "Press <Ctrl>+<Alt>+<Del> and open Task Manager.",
			"<p>Press &lt;Ctrl&gt;+&lt;Alt&gt;+&lt;Del&gt; and open Task Manager.</p>\n"},
		{"unknown tag keeps its word", "Hit <Enter> then type cmd",
			"<p>Hit &lt;Enter&gt; then type cmd</p>\n"},
		{"placeholder", "Open the folder <username> now",
			"<p>Open the folder &lt;username&gt; now</p>\n"},
		{"capitalised pair", "keys <Del>Entf</Del> and <B>B</B>",
			"<p>keys &lt;Del&gt;Entf&lt;/Del&gt; and &lt;B&gt;B&lt;/B&gt;</p>\n"},
		{"capitalised closing tag", "a <b>bold</B> word",
			"<p>a &lt;b&gt;bold&lt;/B&gt; word</p>\n"},
		{"lower-case markup kept", "Use <kbd>Ctrl</kbd>+<kbd>Alt</kbd>, <del>old</del> <b>new</b><br>x",
			"<p>Use <kbd>Ctrl</kbd>+<kbd>Alt</kbd>, <del>old</del> <b>new</b><br/>x</p>\n"},
		{"unclosed tag", "an unclosed <b>bold\n\nnext paragraph",
			"<p>an unclosed &lt;b&gt;bold</p>\n<p>next paragraph</p>\n"},
		{"closed in the next paragraph", "a <i>b\n\nc</i> d",
			"<p>a &lt;i&gt;b</p>\n<p>c&lt;/i&gt; d</p>\n"},
		{"misnested", "<b><i>x</b></i> y",
			"<p><b>&lt;i&gt;x</b>&lt;/i&gt; y</p>\n"},
		{"block element inside a paragraph", "before <details>more</details> <u>u</u> after",
			"<p>before &lt;details&gt;more&lt;/details&gt; <u>u</u> after</p>\n"},
		{"a tag alone on its line", "<Enter>\nthen type cmd",
			"<p>&lt;Enter&gt;\nthen type cmd</p>\n"},
		{"table cell", "| key | b |\n|---|---|\n| <Del> | <b>x |",
			"<table>\n<thead>\n<tr>\n<th>key</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>&lt;Del&gt;</td>\n<td>&lt;b&gt;x</td>\n</tr>\n</tbody>\n</table>\n"},
		{"details block stays", "<details>\n<summary>More</summary>\n\nbody\n</details>",
			"<details>\n<summary>More</summary>\n<p>body</p>\n</details>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Render(tc.src); got != tc.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
	// A post and a comment show the same keys alike.
	src := "Press <Ctrl>+<Alt>+<Del> and open Task Manager."
	if post, comment := HTMLToText(Render(src)), HTMLToText(RenderComment(src)); post != comment || !strings.Contains(post, "<Ctrl>+<Alt>+<Del>") {
		t.Errorf("post shows %q, comment %q", post, comment)
	}
}
