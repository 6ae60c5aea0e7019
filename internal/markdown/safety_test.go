package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// forbiddenElements may never appear in output.
var forbiddenElements = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "style": true,
	"form": true, "frame": true, "frameset": true, "applet": true, "meta": true,
	"link": true, "base": true, "svg": true, "math": true, "template": true,
	"textarea": true, "select": true, "button": true, "noscript": true, "xmp": true,
	"plaintext": true, "title": true,
	"bdo": true, // overrides the direction of its text, as U+202E does
}

// urlAttrs are attributes a browser treats as URLs.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "cite": true,
	"background": true, "poster": true, "srcset": true, "data": true, "xlink:href": true,
}

// safeID is the only id output may carry, on <sup> (a footnote
// reference) or <li> (the note): a post's own prefix, so it clashes with
// nothing on the page.
var safeID = regexp.MustCompile(`^fn-[0-9a-f]{8}-fn(ref[0-9]*)?:[0-9]+$`)

// classElements may carry class; safeClass is what class may hold.
var (
	classElements = map[string]bool{"code": true, "span": true, "pre": true, "div": true}
	safeClass     = regexp.MustCompile(`^[A-Za-z0-9+#._ -]*$`)
)

// unsafeReasons parses out as a browser would and lists every way it breaks
// the output contract; nil means safe.
func unsafeReasons(out string) []string {
	var bad []string
	if !utf8.ValidString(out) {
		bad = append(bad, "invalid UTF-8")
	}
	if strings.Contains(strings.ToLower(out), "<script") {
		bad = append(bad, "literal <script")
	}
	if strings.ContainsAny(out, "\u202a\u202b\u202c\u202d\u202e") {
		bad = append(bad, "bidirectional override or embedding (U+202A..U+202E) left in the text")
	}
	nodes, err := html.ParseFragment(strings.NewReader(out), fragmentContext)
	if err != nil {
		return append(bad, "unparseable: "+err.Error())
	}
	for _, n := range nodes {
		walk(n, func(n *html.Node) {
			if n.Type == html.ElementNode {
				bad = append(bad, elementReasons(n)...)
			}
		})
	}
	return bad
}

// elementReasons checks one element and its attributes.
func elementReasons(n *html.Node) []string {
	var bad []string
	if forbiddenElements[n.Data] || n.Namespace != "" {
		bad = append(bad, "element <"+n.Data+">")
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			bad = append(bad, fmt.Sprintf("event handler %s on <%s>", key, n.Data))
		case key == "id" && (n.Data == "sup" || n.Data == "li") && safeID.MatchString(a.Val):
		case key == "style" || key == "id" || key == "srcdoc" || key == "target":
			bad = append(bad, fmt.Sprintf("attribute %s on <%s>", key, n.Data))
		case key == "class" && n.Data == "a" && a.Val == "mention": // LinkMentions's mark
		case key == "class" && (!classElements[n.Data] || !safeClass.MatchString(a.Val)):
			bad = append(bad, fmt.Sprintf("class %q on <%s>", a.Val, n.Data))
		case urlAttrs[key] && dangerousURL(a.Val):
			bad = append(bad, fmt.Sprintf("%s=%q on <%s>", key, a.Val, n.Data))
		}
	}
	if n.Data == "input" && !isTaskCheckbox(n) {
		bad = append(bad, "input that is not a disabled checkbox")
	}
	return bad
}

// dangerousURL reports whether a browser would run or inline v: it drops
// ASCII tab and newline anywhere and leading control characters and spaces,
// as the URL parser does, before looking at the scheme.
func dangerousURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	for _, s := range []string{"javascript:", "vbscript:", "data:", "livescript:", "mocha:"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	return false
}

// isTaskCheckbox reports whether an input is exactly a disabled checkbox.
func isTaskCheckbox(n *html.Node) bool {
	typ, disabled := "", false
	for _, a := range n.Attr {
		switch a.Key {
		case "type":
			typ = strings.ToLower(a.Val)
		case "disabled":
			disabled = true
		case "checked":
		default:
			return false
		}
	}
	return typ == "checkbox" && disabled
}

// walk calls fn on n and every descendant, depth first.
func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}
