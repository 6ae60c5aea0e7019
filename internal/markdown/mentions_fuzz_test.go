package markdown

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// mentionName is what a name MentionNames gives may be: a username's
// characters, lower case, starting with a letter or digit.
var mentionName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,29}$`)

// FuzzMentions checks the @mentions of posts and comments: nothing panics;
// MentionNames gives at most max names, each once, lower-cased, of a
// username's form; LinkMentions (here linking the names of odd length, so
// that some stay text and a name ending in '.' is tried without it) writes
// nothing unsafe, links only names it was given, and the HTML it gives
// names the same people for StoredMentionNames as the HTML before it for
// MentionNames, as the notifications of an edit rely on. The seed corpus
// runs in every go test.
func FuzzMentions(f *testing.F) {
	for _, s := range []string{
		"", "@ada", "hi @Ada, and @bob.smith.", "mail ada@example.com", "@ab @abc @" + string(make([]byte, 0)) + "x",
		"`@code` [@link](/users/2) [ask @bob](https://x.example) **@bold** _@em_", "@@ada @.ada /@ada +@ada -@ada",
		"@ada-- @bob__ @carl.. @dan.-_", "> @quote\n\n- @item\n\n    @indented", "@www.example.com @a.b.c",
		"<a href=\"/users/9\" class=\"mention\">@eve</a> @eve", "@" + string(rune(0x130)) + "stanbul @ſtar",
		"@abcdefghijklmnopqrstuvwxyz0123456789", "@a1 @a2 @a3 @a4 @a5 @a6 @a7 @a8 @a9 @b1 @b2 @b3 @b4 @b5 @b6 @b7 @b8 @b9 @c1 @c2 @c3 @c4",
	} {
		f.Add(s)
	}
	for _, s := range xssSeeds(32) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, render := range []func(string) string{Render, RenderComment} {
			html := render(src)
			const max = 20
			names := MentionNames(html, max)
			if len(names) > max+1 { // a name's form without its end may follow the last
				t.Fatalf("%d names from %q", len(names), html)
			}
			for i, n := range names {
				if !mentionName.MatchString(n) || slices.Contains(names[:i], n) {
					t.Fatalf("MentionNames(%q) = %q: %q", html, names, n)
				}
			}
			linked := map[string]bool{}
			out := LinkMentions(html, func(name string) (string, bool) {
				if len(name)%2 == 1 {
					linked[name] = true
					return "/users/" + strconv.Itoa(len(name)), true
				}
				return "", false
			})
			if bad := unsafeReasons(out); bad != nil {
				t.Fatalf("LinkMentions(%q) = %q: %v", html, out, bad)
			}
			for n := range MentionLinks(out) {
				if !linked[n] {
					t.Fatalf("LinkMentions(%q) = %q links %q, which href did not give", html, out, n)
				}
			}
			if stored := StoredMentionNames(out, max); !slices.Equal(stored, names) {
				t.Fatalf("StoredMentionNames(%q) = %q, MentionNames before linking %q", out, stored, names)
			}
		}
	})
}
