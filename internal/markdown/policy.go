package markdown

import (
	"regexp"
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/microcosm-cc/bluemonday"
)

// policy is the single sanitising policy shared by Render and SanitizeHTML.
// A bluemonday.Policy is safe for concurrent use once built.
var policy = newPolicy()

// classRe matches the class values we emit ourselves: chroma token classes
// and language markers such as "language-go" or "lang-js".
var classRe = newClassRegexp()

// newPolicy starts from bluemonday's UGC policy and narrows or extends it for
// Stackdesk posts. Things bluemonday cannot express (dropping UGC's global
// id, but for footnotes', adding noopener, pinning task-list inputs, images
// with absolute http(s) sources or this site's uploads only) are done by fixup.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()

	// Links: relative, http, https and mailto only (UGC already limits the
	// schemes); nofollow only on links that leave the site.
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)

	// Highlighted code and language markers.
	p.AllowAttrs("class").Matching(classRe).OnElements("code", "span", "pre", "div")

	// GFM task lists: fixup forces every surviving input to a disabled checkbox.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`(?i)^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`(?i)^(|checked|disabled)$`)).OnElements("input")

	// GFM strikethrough, and <kbd>, which Stack Exchange posts use a lot.
	p.AllowElements("del", "ins", "kbd")

	// A numbered list that starts elsewhere than 1 ("3. third step").
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	return p
}

// newClassRegexp builds an anchored regexp accepting space-separated lists of
// chroma's standard class names and language-xxx / lang-xxx markers (with
// the prettyprint-override that Stack Exchange puts next to its markers, so
// an imported code block keeps its language), and the marks of revealBidi,
// so HTML sanitised again keeps them.
func newClassRegexp() *regexp.Regexp {
	names := make([]string, 0, len(chroma.StandardTypes))
	for _, name := range chroma.StandardTypes {
		if name != "" {
			names = append(names, regexp.QuoteMeta(name))
		}
	}
	sort.Strings(names)
	token := `(?:` + strings.Join(names, "|") + `|(?:language|lang)-[A-Za-z0-9_+#.-]{1,32}|prettyprint-override|` + bidiMarkClass + `)`
	return regexp.MustCompile(`^` + token + `(?: ` + token + `)*$`)
}

// SanitizeHTML cleans HTML that came from outside (e.g. a Stack Exchange
// import) with the same policy as Render. The result is a balanced fragment.
func SanitizeHTML(html string) string {
	return sanitize(html, "")
}

// sanitize is SanitizeHTML keeping the ids of footnotes whose prefix is
// notes (see footnotes).
func sanitize(html, notes string) string {
	return fixup(policy.Sanitize(cleanInput(html)), notes)
}

// cleanInput makes any string valid UTF-8 without NUL bytes, so every later
// stage sees well-formed text.
func cleanInput(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	return s
}
