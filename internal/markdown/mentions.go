package markdown

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MentionRE finds @username where the @ does not follow a word, so that
// e-mail addresses are not mentions. Usernames are 3 to 30 of a-z 0-9 _ . -,
// typed in any case; the letters are ASCII's alone (a case-insensitive
// [a-z] would take the long s "ſ" and the Kelvin sign "K" for s and k).
var MentionRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_@./+-])@([A-Za-z0-9][A-Za-z0-9_.-]{2,29})`)

// LinkMentions turns the @mentions in rendered HTML into links to the
// people named, outside links and code: a mention in a link's text stays
// text, for a link inside a link is no HTML. href returns the address of a
// lower-cased username, or false for a name that is nobody; a name ending
// in '.', '-' or '_' (the end of a sentence) is also tried without it. The
// HTML must be Render's: mentions are found in its text as written, where
// none of their characters is escaped.
func LinkMentions(src string, href func(name string) (string, bool)) string {
	if !strings.Contains(src, "@") {
		return src
	}
	var b strings.Builder
	b.Grow(len(src) + 64)
	mentionText(src, func(raw []byte, text bool) {
		if text {
			b.WriteString(linkText(string(raw), href))
		} else {
			b.Write(raw)
		}
	})
	return b.String()
}

// MentionNames returns the usernames @mentioned in rendered HTML where
// LinkMentions would link them (outside links and code), lower-cased, in
// order of first mention, at most max of them; a name ending in '.', '-'
// or '_' is followed by the name without it, as either may be the person.
// What is not shown as a mention (the text of a link, code) names nobody.
func MentionNames(src string, max int) []string {
	if !strings.Contains(src, "@") {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	mentionText(src, func(raw []byte, text bool) {
		if !text || len(seen) >= max {
			return
		}
		for _, m := range MentionRE.FindAllSubmatch(raw, -1) {
			name := strings.ToLower(string(m[1]))
			for _, n := range []string{name, strings.TrimRight(name, "._-")} {
				if len(n) >= 3 && !seen[n] {
					seen[n] = true
					out = append(out, n)
				}
			}
			if len(seen) >= max {
				return
			}
		}
	})
	return out
}

// mentionText walks rendered HTML token by token, in order, telling each
// raw token to fn and whether it is text where mentions count: outside
// <a>, <code> and <pre>.
func mentionText(src string, fn func(raw []byte, text bool)) {
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0 // open <a>, <code> and <pre> elements
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.A, atom.Code, atom.Pre:
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
		}
		fn(raw, tt == html.TextToken && skip == 0)
	}
}

// linkText links the mentions in one run of escaped text.
func linkText(text string, href func(string) (string, bool)) string {
	ms := MentionRE.FindAllStringSubmatchIndex(text, -1)
	if ms == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		start, end := m[2], m[3] // the name, after the @
		name := strings.ToLower(text[start:end])
		url, ok := href(name)
		if !ok {
			name = strings.TrimRight(name, "._-")
			end = start + len(name)
			url, ok = href(name)
		}
		if !ok || len(name) < 3 {
			continue
		}
		b.WriteString(text[last : start-1])
		b.WriteString(`<a href="` + html.EscapeString(url) + `" class="` + mentionClass + `">@` + text[start:end] + `</a>`)
		last = end
	}
	b.WriteString(text[last:])
	return b.String()
}

// mentionClass marks the links LinkMentions makes. The sanitiser keeps no
// class on a link written in a post or comment, so a link written by hand
// ("[@bob](/users/999)") cannot pass for a mention: its text names nobody.
const mentionClass = "mention"

// mentionLinkRe matches a link LinkMentions made: to /users/ID (the first
// group), marked with mentionClass, its text the @name (the second).
var mentionLinkRe = regexp.MustCompile(`<a href="(/users/[0-9]+)" class="` + mentionClass + `">(@[A-Za-z0-9_.-]+)</a>`)

// MentionLinks returns whom the mentions in stored HTML were linked to: the
// lower-cased name of each link LinkMentions made, mapped to its address.
// Rendering the text again (an edit) links those names as before, so a
// mention keeps the person it named when that person's username has
// changed since (an imported account claimed loses a name that claims a
// role) and nobody, or somebody else, now has the name. A link written by
// hand names nobody: the sanitiser keeps no class on one.
func MentionLinks(stored string) map[string]string {
	if !strings.Contains(stored, `class="`+mentionClass+`"`) {
		return nil
	}
	out := map[string]string{}
	for _, m := range mentionLinkRe.FindAllStringSubmatch(stored, -1) {
		out[strings.ToLower(m[2][1:])] = m[1]
	}
	return out
}

// legacyMentionLinkRe matches a mention link as LinkMentions made them
// before they were marked, which HTML stored then still holds.
var legacyMentionLinkRe = regexp.MustCompile(`<a href="/users/[0-9]+">(@[A-Za-z0-9_.-]+)</a>`)

// StoredMentionNames returns the usernames @mentioned in HTML as it is
// stored, rendered and then linked by LinkMentions: the mentions it linked
// and those it left as text (of names that were nobody then), as
// MentionNames finds them in the HTML before linking, at most max. It
// reads the HTML, not the Markdown, so a write that rendered its text once
// does not parse it again to tell whom it mentions. A link written by hand
// names nobody, even one to a person's page with their @name as its text.
func StoredMentionNames(html string, max int) []string {
	if !strings.Contains(html, "@") {
		return nil
	}
	return MentionNames(mentionLinkRe.ReplaceAllString(html, "$2"), max)
}

// PriorMentionNames is StoredMentionNames for HTML stored before mention
// links were marked, too: a link to /users/ID whose text is an @name
// counts whether LinkMentions marked it or not. It is for the side that
// holds notifications back (the names a post mentioned before an edit),
// where counting a hand-written link as well only spares a notification.
func PriorMentionNames(html string, max int) []string {
	if !strings.Contains(html, "@") {
		return nil
	}
	html = mentionLinkRe.ReplaceAllString(html, "$2")
	return MentionNames(legacyMentionLinkRe.ReplaceAllString(html, "$1"), max)
}
