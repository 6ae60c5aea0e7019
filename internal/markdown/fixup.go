package markdown

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fragmentContext is the element a post body is parsed inside, so tags are
// balanced the way a browser would balance them there.
var fragmentContext = &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}

// fixup re-parses sanitised HTML as a fragment and renders it back, so the
// result is balanced (a stray </div> cannot close the page around a post),
// and applies the rules bluemonday cannot express: no id attributes but
// footnotes' (on <sup> and <li>, see footnoteIDRe), rel="nofollow noopener" on every link that leaves the site, inputs pinned
// to disabled checkboxes, <bdo> (which overrides the direction of its
// text, as U+202E does) made <bdi> (which only isolates it), and images
// only from absolute http(s) URLs, so a post cannot make readers' browsers
// send same-site requests (<img src="/logout">); other images are replaced
// by their alt text. Which remote images readers' browsers load is decided
// when the HTML is shown (ImagePolicy.Gate), not here: the list of hosts
// may change after a post is stored. Bidirectional controls become visible marks where they
// could make text read as other text (revealBidi).
func fixup(clean, notes string) string {
	out, _ := fixTree(clean, notes)
	return out
}

// fixTree does fixup's work and also returns the fixed nodes, or nil when
// the markup was too deep to parse and only its words are kept.
func fixTree(clean, notes string) (string, []*html.Node) {
	if clean == "" {
		return "", nil
	}
	nodes, err := html.ParseFragment(strings.NewReader(clean), fragmentContext)
	if err != nil {
		// Nested deeper than the parser allows (512): keep the words only.
		return degraded(clean), nil
	}
	var b strings.Builder
	b.Grow(len(clean) + len(clean)/8)
	reveal := strings.ContainsFunc(clean, bidiControl)
	// The nodes go into a holder while they are fixed, so that an element
	// fixNode unwraps has a parent to leave its children in.
	holder := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		holder.AppendChild(n)
	}
	nodes = nodes[:0]
	for n := holder.FirstChild; n != nil; n = n.NextSibling {
		nodes = append(nodes, n)
	}
	for _, n := range nodes {
		fixNode(n, notes)
	}
	nodes = nodes[:0]
	for n := holder.FirstChild; n != nil; n = holder.FirstChild {
		holder.RemoveChild(n)
		nodes = append(nodes, n)
	}
	for _, n := range nodes {
		if reveal {
			revealBidi(n)
		}
		if err := html.Render(&b, n); err != nil {
			return degraded(clean), nil
		}
	}
	return b.String(), nodes
}

// fixNode applies the attribute rules to n and its descendants. It walks
// iteratively so deeply nested input cannot exhaust the stack.
func fixNode(root *html.Node, notes string) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Img && !remoteImage(n) && !uploadedImage(n) {
				replaceWithAlt(n)
				continue
			}
			fixAttrs(n, notes)
			isolateBdo(n)
			if len(n.Attr) == 0 && bareDropped[n.DataAtom] && n.Parent != nil {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					stack = append(stack, c)
				}
				unwrap(n)
				continue
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
}

// fixAttrs rewrites the attributes of one element, keeping ids only for the
// footnotes of the post (prefix notes; none when notes is "").
func fixAttrs(n *html.Node, notes string) {
	if n.DataAtom == atom.Input {
		n.Attr = checkboxAttrs(n.Attr)
		return
	}
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == "id" && !footnoteID(n, a.Val, notes) {
			continue
		}
		out = append(out, a)
	}
	n.Attr = out
	if n.DataAtom == atom.A || n.DataAtom == atom.Area {
		n.Attr = linkRel(n.Attr)
	}
}

// footnoteID reports whether id is one of the post's footnotes' or their
// references', on the element that carries it: its prefix is notes, so
// markup written by hand cannot take the ids of another post's footnotes.
func footnoteID(n *html.Node, id, notes string) bool {
	return notes != "" && strings.HasPrefix(id, notes) &&
		(n.DataAtom == atom.Sup || n.DataAtom == atom.Li) && footnoteIDRe.MatchString(id)
}

// remoteImage reports whether an img has an absolute http(s) src.
func remoteImage(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "src" {
			src := strings.ToLower(a.Val)
			return strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://")
		}
	}
	return false
}

// uploadRE matches the address of an image uploaded to this site (see
// package uploads): the only same-site images a post shows.
var uploadRE = regexp.MustCompile(`^/uploads/[0-9a-f]{64}\.(png|jpg|gif)$`)

// uploadedImage reports whether an img shows an image uploaded here.
func uploadedImage(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "src" {
			return uploadRE.MatchString(a.Val)
		}
	}
	return false
}

// bareDropped are the elements the policy drops, keeping their content,
// when they come without attributes. One can lose its last attribute
// here (an id), and is unwrapped as the policy would unwrap it, so that
// sanitising the HTML again changes nothing: <a href="javascript:..."
// id="x">text</a> is "text", not <a>text</a>.
var bareDropped = map[atom.Atom]bool{atom.A: true, atom.Area: true, atom.Map: true}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
}

// replaceWithAlt swaps an img for a text node holding its alt text, or,
// without one, the file its address names in brackets ("[shot.png]"), so
// the reader sees that something was there.
func replaceWithAlt(n *html.Node) {
	alt, src := "", ""
	for _, a := range n.Attr {
		switch a.Key {
		case "alt":
			alt = a.Val
		case "src":
			src = a.Val
		}
	}
	if strings.TrimSpace(alt) == "" {
		alt = ""
		if name := imageFileName(src); name != "" {
			alt = "[" + name + "]"
		}
	}
	if n.Parent == nil {
		n.Type, n.Data, n.DataAtom, n.Attr = html.TextNode, alt, 0, nil
		return
	}
	n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: alt}, n)
	n.Parent.RemoveChild(n)
}

// maxImageName bounds the file name shown for an image without alt text.
const maxImageName = 60

// imageFileName is the last part of an image's address without its query
// or fragment, percent-decoded ("shot.png" of "../img/shot.png?v=2"), cut to maxImageName
// characters; "" for a data: address or one that names no file.
func imageFileName(src string) string {
	src = strings.TrimSpace(src)
	if len(src) >= 5 && strings.EqualFold(src[:5], "data:") {
		return ""
	}
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	src = strings.TrimRight(src, "/\\")
	if i := strings.LastIndexAny(src, "/\\"); i >= 0 {
		src = src[i+1:]
	}
	if name, err := url.PathUnescape(src); err == nil && !strings.ContainsFunc(name, hiddenInName) {
		src = name // "Fehler 1.png", not "Fehler%201.png"
	}
	src = strings.TrimSpace(strings.ToValidUTF8(src, ""))
	if utf8.RuneCountInString(src) > maxImageName {
		r := []rune(src)
		src = string(r[:maxImageName-1]) + "…"
	}
	return src
}

// hiddenInName reports the characters a decoded file name may not bring
// into a post: controls and those that reorder text (left percent-encoded).
func hiddenInName(r rune) bool {
	return unicode.IsControl(r) || bidiControl(r)
}

// checkboxAttrs returns the only attributes an input may have: a disabled
// checkbox, checked when the source said so.
func checkboxAttrs(attrs []html.Attribute) []html.Attribute {
	out := []html.Attribute{{Key: "type", Val: "checkbox"}, {Key: "disabled", Val: ""}}
	for _, a := range attrs {
		if a.Key == "checked" {
			return append(out, html.Attribute{Key: "checked", Val: ""})
		}
	}
	return out
}

// linkRel makes rel contain both nofollow and noopener when href leaves the
// site, keeping any tokens already present.
func linkRel(attrs []html.Attribute) []html.Attribute {
	external := false
	relAt := -1
	for i, a := range attrs {
		switch a.Key {
		case "href":
			external = isExternalURL(a.Val)
		case "rel":
			relAt = i
		}
	}
	if !external {
		return attrs
	}
	if relAt < 0 {
		return append(attrs, html.Attribute{Key: "rel", Val: "nofollow noopener"})
	}
	tokens := strings.Fields(attrs[relAt].Val)
	for _, want := range []string{"nofollow", "noopener"} {
		if !containsFold(tokens, want) {
			tokens = append(tokens, want)
		}
	}
	attrs[relAt].Val = strings.Join(tokens, " ")
	return attrs
}

// isExternalURL reports whether a sanitised href points away from the site:
// any absolute http(s) URL (even "http:/host", which browsers accept) or a
// scheme-relative "//host" URL.
func isExternalURL(href string) bool {
	h := strings.ToLower(strings.TrimSpace(href))
	return strings.HasPrefix(h, "http:") || strings.HasPrefix(h, "https:") ||
		strings.HasPrefix(h, "//") || strings.HasPrefix(h, `/\`) || strings.HasPrefix(h, `\`)
}

// containsFold reports whether tokens holds want, ignoring case.
func containsFold(tokens []string, want string) bool {
	for _, t := range tokens {
		if strings.EqualFold(t, want) {
			return true
		}
	}
	return false
}

// degraded renders pathological markup as one escaped paragraph of its text,
// which is always balanced and safe.
func degraded(clean string) string {
	return "<p>" + html.EscapeString(HTMLToText(clean)) + "</p>"
}

// RevealBidi applies revealBidi to HTML stored before it existed (a post's
// body): the same HTML, with the bidirectional controls inside its code,
// and the overrides and embeddings in its prose, shown as marks, and its
// <bdo> elements made <bdi>; HTML without such controls or elements comes
// back as it is.
func RevealBidi(stored string) string {
	if !strings.ContainsFunc(stored, bidiControl) && !strings.Contains(stored, "<bdo") {
		return stored
	}
	nodes, err := html.ParseFragment(strings.NewReader(stored), fragmentContext)
	if err != nil {
		return stored
	}
	changed := false
	for _, n := range nodes {
		changed = revealBidi(n) || changed
		changed = walkIsolateBdo(n) || changed
	}
	if !changed { // isolates in prose only: the HTML stays as it is, byte for byte
		return stored
	}
	var b strings.Builder
	for _, n := range nodes {
		if err := html.Render(&b, n); err != nil {
			return stored
		}
	}
	return b.String()
}

// bidiControl reports whether r is a bidirectional embedding, override or
// isolate control: characters that reorder the text after them as shown.
func bidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// bidiOverride reports whether r is a bidirectional embedding or override
// (U+202A LRE, U+202B RLE, U+202D LRO, U+202E RLO) or their end (U+202C
// PDF): the controls that, in prose, make a word read as another
// ("report\u202Efdp.exe" shows as "reportexe.pdf") up to the end of the
// paragraph. Isolates (U+2066..U+2069) reorder only the text inside them,
// and the marks U+200E and U+200F only give neutral characters a
// direction; right-to-left writers use both.
func bidiOverride(r rune) bool {
	return r >= 0x202A && r <= 0x202E
}

// revealBidi shows bidirectional controls as visible marks (<span
// class="bidi-mark">U+202E</span>) in place of the characters: every one
// inside code (codeElements), where they are how a command or program is
// made to read differently from what it does ("Trojan Source"), and the
// embeddings and overrides (bidiOverride) in prose, where they make a file
// name or address read as another. Isolates and the marks U+200E and
// U+200F stay in prose, as text in right-to-left scripts uses them.
func revealBidi(root *html.Node) (changed bool) {
	type item struct {
		n      *html.Node
		inCode bool
	}
	stack := []item{{root, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		inCode := it.inCode || n.Type == html.ElementNode && codeElements[n.DataAtom]
		if n.Type == html.TextNode {
			reveal := bidiOverride
			if inCode {
				reveal = bidiControl
			}
			if strings.ContainsFunc(n.Data, reveal) && splitBidi(n, reveal) {
				changed = true
			}
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, inCode})
		}
	}
	return changed
}

// splitBidi replaces a text node by its text with each control that
// reveal reports made a mark element; a top-level text node (the whole
// fragment is text) becomes a span holding the text and the marks. It
// reports whether n changed.
func splitBidi(n *html.Node, reveal func(rune) bool) bool {
	if n.Parent == nil { // a fragment's top-level text: wrap it to split it
		text := n.Data
		n.Type, n.Data, n.DataAtom, n.Attr = html.ElementNode, "span", atom.Span, nil
		child := &html.Node{Type: html.TextNode, Data: text}
		n.AppendChild(child)
		return splitBidi(child, reveal)
	}
	var parts []*html.Node
	text := n.Data
	for {
		i := strings.IndexFunc(text, reveal)
		if i < 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if i > 0 {
			parts = append(parts, &html.Node{Type: html.TextNode, Data: text[:i]})
		}
		mark := &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span,
			Attr: []html.Attribute{{Key: "class", Val: bidiMarkClass}}}
		mark.AppendChild(&html.Node{Type: html.TextNode, Data: fmt.Sprintf("U+%04X", r)})
		parts = append(parts, mark)
		text = text[i+size:]
	}
	if text != "" {
		parts = append(parts, &html.Node{Type: html.TextNode, Data: text})
	}
	for _, p := range parts {
		n.Parent.InsertBefore(p, n)
	}
	n.Parent.RemoveChild(n)
	return true
}

// isolateBdo makes a <bdo> element a <bdi>, keeping its dir: <bdo> is the
// markup form of an override (<bdo dir="rtl">fdp.exe</bdo> shows
// "exe.pdf"), <bdi> only gives its text a direction of its own. It reports
// whether n changed.
func isolateBdo(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom != atom.Bdo {
		return false
	}
	n.Data, n.DataAtom = "bdi", atom.Bdi
	return true
}

// walkIsolateBdo applies isolateBdo to root and its descendants.
func walkIsolateBdo(root *html.Node) (changed bool) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		changed = isolateBdo(n) || changed
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return changed
}

// codeElements hold code or commands, where revealBidi marks controls
// (Stack Exchange posts put commands in <kbd> a lot).
var codeElements = map[atom.Atom]bool{atom.Code: true, atom.Pre: true, atom.Kbd: true, atom.Samp: true}

// bidiMarkClass is the class of the marks revealBidi puts in code.
const bidiMarkClass = "bidi-mark"
