package markdown

import (
	"strings"
	"testing"
)

// TestLinkMentions links @names of people who exist, outside code and
// links, and leaves everything else as Render wrote it.
func TestLinkMentions(t *testing.T) {
	people := map[string]string{"ada": "/users/1", "bob.smith": "/users/2"}
	href := func(name string) (string, bool) { p, ok := people[name]; return p, ok }
	for _, c := range []struct{ md, want string }{
		{"Ask @ada about it.", `<p>Ask <a href="/users/1" class="mention">@ada</a> about it.</p>`},
		{"@Bob.Smith, see above", `<p><a href="/users/2" class="mention">@Bob.Smith</a>, see above</p>`},
		{"Thanks @ada.", `<p>Thanks <a href="/users/1" class="mention">@ada</a>.</p>`},
		{"@nobody here, mail ada@example.com", `<p>@nobody here, mail <a href="mailto:ada@example.com">ada@example.com</a></p>`},
		{"`@ada` in code", `<p><code>@ada</code> in code</p>`},
		{"[@ada](https://example.com) &amp; @ada", `<a href="https://example.com" rel="nofollow noopener">@ada</a> &amp; <a href="/users/1" class="mention">@ada</a>`},
		{"[ask *@ada*](https://example.com)", `<a href="https://example.com" rel="nofollow noopener">ask <em>@ada</em></a>`},
	} {
		got := LinkMentions(Render(c.md), href)
		if !strings.Contains(got, c.want) {
			t.Errorf("%q:\n got %s\nwant %s", c.md, got, c.want)
		}
	}
	// The result is still safe HTML.
	for _, line := range []string{"<script>@ada</script>", "@ada<img src=x onerror=alert(1)>", "\"@ada\" onmouseover=x"} {
		if bad := unsafeReasons(LinkMentions(Render(line), href)); bad != nil {
			t.Errorf("%q: %v", line, bad)
		}
	}
}

// TestMentionNames finds the names LinkMentions links and no others: a
// mention in a link's text (of a post or of a comment) or in code is text.
func TestMentionNames(t *testing.T) {
	// A comment is one line, with no HTML and no link references: there
	// what would be a link's text shows as text, and mentions.
	for _, c := range []struct{ md, post, comment string }{
		{"Ask @Ada, then @bob.smith.", "ada bob.smith. bob.smith", "ada bob.smith. bob.smith"},
		{"[ask @ada](https://example.com) or @bob", "bob", "bob"},
		{"[ask @ada][w] or `@bob`\n\n[w]: https://example.com", "", "ada"},
		{"<a href=\"https://example.com\">@ada</a>", "", "ada"},
	} {
		if got := strings.Join(MentionNames(Render(c.md), 20), " "); got != c.post {
			t.Errorf("post %q: %q, want %q", c.md, got, c.post)
		}
		if got := strings.Join(MentionNames(RenderComment(c.md), 20), " "); got != c.comment {
			t.Errorf("comment %q: %q, want %q", c.md, got, c.comment)
		}
	}
	if got := MentionNames(Render("@aaa @bbb @ccc @ddd"), 2); len(got) != 2 {
		t.Errorf("at most 2: %q", got)
	}
}

// TestLinkMentionsCorpora links every @name in the bad-input corpora, as
// if everyone existed: the HTML of posts and comments stays safe.
func TestLinkMentionsCorpora(t *testing.T) {
	anyone := func(name string) (string, bool) { return "/users/" + name, true }
	for _, c := range loadCorpora(t) {
		for i, line := range c.lines {
			for _, src := range []string{line, "@ada " + line + " @bob"} {
				for _, out := range []string{Render(src), RenderComment(src)} {
					if bad := unsafeReasons(LinkMentions(out, anyone)); bad != nil {
						t.Errorf("%s line %d: %v", c.name, i+1, bad)
					}
				}
			}
		}
	}
}

// TestStoredMentionNames reads whom stored HTML mentions: the mentions
// LinkMentions linked and those left as text, but never a link written by
// hand, even one to a person's page with their @name as its text; before
// an edit, links stored before mention links were marked count too.
func TestStoredMentionNames(t *testing.T) {
	people := map[string]string{"ada": "/users/1", "bob": "/users/2"}
	href := func(name string) (string, bool) { p, ok := people[name]; return p, ok }
	for _, c := range []struct{ md, post, comment string }{
		{"Ask @ada or @nobody here.", "ada nobody", "ada nobody"},
		{"See [@bob](/users/999) now", "", ""},
		{"See [@bob](/users/2), or @ada", "ada", "ada"},
		// Raw HTML: a post keeps the link (without its class), a comment
		// shows it as text, where @bob is a mention.
		{`<a href="/users/2" class="mention">@bob</a> knows`, "", "bob"},
	} {
		for i, out := range []string{Render(c.md), RenderComment(c.md)} {
			want := []string{c.post, c.comment}[i]
			stored := LinkMentions(out, href)
			if got := strings.Join(StoredMentionNames(stored, 20), " "); got != want {
				t.Errorf("%q stored as %s: %q, want %q", c.md, stored, got, want)
			}
		}
	}
	legacy := `<p>Ask <a href="/users/1">@ada</a> about it.</p>`
	if got := strings.Join(PriorMentionNames(legacy, 20), " "); got != "ada" {
		t.Errorf("prior mentions of %s: %q, want ada", legacy, got)
	}
	if got := StoredMentionNames(legacy, 20); len(got) != 0 {
		t.Errorf("an unmarked link names nobody now: %q", got)
	}
}

// TestMentionsAreASCII: a username's letters are a–z in any case, so a
// letter that only folds to one ("ſ", the long s; "K", the Kelvin sign)
// makes no mention, while "@ADA" names ada.
func TestMentionsAreASCII(t *testing.T) {
	html := Render("@\u017Ftar @\u212Aate @\u0130van @ADA")
	if got := MentionNames(html, 20); len(got) != 1 || got[0] != "ada" {
		t.Errorf("MentionNames(%q) = %q, want [ada]", html, got)
	}
	out := LinkMentions(html, func(name string) (string, bool) { return "/users/1", true })
	if n := strings.Count(out, "<a "); n != 1 {
		t.Errorf("LinkMentions(%q) = %q: %d links, want 1", html, out, n)
	}
}
