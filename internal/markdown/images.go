package markdown

import (
	"net"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/idna"
)

// ImagePolicy decides which images of stored post HTML a reader's browser
// loads: this site's uploads and images from the hosts an administrator
// listed (STACKDESK_IMAGE_HOSTS). Any other image is shown as a link to
// it, so a post cannot make every reader's browser tell another server
// who read it and when (a tracking pixel). Posts keep their images as
// written: the policy applies when HTML is shown (Gate), so a change of
// the list takes effect without rendering posts again. The nil policy
// lists no host.
type ImagePolicy struct {
	hosts map[string]bool // ImageHostKey → images over plain http too
	site  string          // scheme://ImageHostKey of this site's public address, "" when unknown
}

// WithSite returns the policy also showing this site's uploads written
// with its public address (base, such as https://help.example.com), as
// "Copy image address" gives them: they are the uploads a relative
// address names.
func (p *ImagePolicy) WithSite(base string) *ImagePolicy {
	out := &ImagePolicy{}
	if p != nil {
		out.hosts = p.hosts
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return out
	}
	scheme := strings.ToLower(u.Scheme)
	if key, ok := ImageHostKey(scheme, u.Hostname(), u.Port()); ok && (scheme == "https" || scheme == "http") {
		out.site = scheme + "://" + key
	}
	return out
}

// NewImagePolicy returns the policy showing images from hosts, each an
// ImageHostKey mapped to whether plain http is allowed too (https always is).
func NewImagePolicy(hosts map[string]bool) *ImagePolicy {
	p := &ImagePolicy{hosts: make(map[string]bool, len(hosts))}
	for h, plain := range hosts {
		p.hosts[h] = plain
	}
	return p
}

// ImageHostKey is the form a host is compared in: its ASCII (punycode)
// name in lower case (idna.Lookup maps case), with the port when it is not the scheme's default
// (443 for https, 80 for http), as "host:port". ok is false for a name
// that is no valid host name, and for an IPv6 address, which
// STACKDESK_IMAGE_HOSTS cannot list (a content security policy has no form
// for one; idna's lookup refuses its ':').
func ImageHostKey(scheme, host, port string) (key string, ok bool) {
	if host == "" {
		return "", false
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil || ascii == "" {
		return "", false
	}
	if port == "" || scheme == "https" && port == "443" || scheme == "http" && port == "80" {
		return ascii, true
	}
	return net.JoinHostPort(ascii, port), true
}

// Allows reports whether src is an image a reader's browser may load: an
// upload to this site, or an absolute https URL (http too where the host
// was listed as http://host) whose host is listed exactly, without user
// information ("https://listed@evil/" is evil's). A URL with controls,
// spaces or backslashes in its authority, which browsers may read
// otherwise, fails to parse or to be a host name, and is not shown.
func (p *ImagePolicy) Allows(src string) bool {
	if uploadRE.MatchString(src) {
		return true
	}
	if p == nil || len(p.hosts) == 0 && p.site == "" {
		return false
	}
	u, err := url.Parse(src)
	if err != nil || u.User != nil || u.Opaque != "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return false
	}
	key, ok := ImageHostKey(scheme, u.Hostname(), u.Port())
	if !ok {
		return false
	}
	if p.site != "" && scheme+"://"+key == p.site && u.RawQuery == "" && u.Fragment == "" && uploadRE.MatchString(u.Path) {
		return true // an upload of this site, by its full address
	}
	plain, listed := p.hosts[key]
	return listed && (scheme == "https" || plain)
}

// Sources returns the listed hosts as Content-Security-Policy sources
// (https://host, or http://host for one listed with http), sorted.
func (p *ImagePolicy) Sources() []string {
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p.hosts))
	for h, plain := range p.hosts {
		if plain {
			out = append(out, "http://"+h)
		} else {
			out = append(out, "https://"+h)
		}
	}
	sort.Strings(out)
	return out
}

// Gate returns stored post or comment HTML with every image the policy
// does not allow made a link to it (<a class="image-link">, its alt text
// or else its host, then a space and hint in <span class="image-hint">): nothing loads
// until the reader follows it. An image inside a link becomes that text
// alone, as links do not nest. HTML without images comes back as it is,
// unparsed, and so does HTML whose images are all allowed.
func (p *ImagePolicy) Gate(stored, hint string) string {
	if !hasImg(stored) {
		return stored
	}
	nodes, err := html.ParseFragment(strings.NewReader(stored), fragmentContext)
	if err != nil {
		return degraded(stored) // deeper than the parser allows: words only
	}
	var blocked []*html.Node
	stack := append([]*html.Node(nil), nodes...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == atom.Img && !p.Allows(attr(n, "src")) {
			blocked = append(blocked, n)
			continue
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	if len(blocked) == 0 {
		return stored
	}
	for _, n := range blocked {
		gateImage(n, hint)
	}
	var b strings.Builder
	b.Grow(len(stored) + 64*len(blocked))
	for _, n := range nodes {
		if err := html.Render(&b, n); err != nil {
			return degraded(stored)
		}
	}
	return b.String()
}

// hasImg reports whether s may hold an img element, in any case.
func hasImg(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+4 <= len(s); {
		if strings.EqualFold(s[i+1:i+4], "img") {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

// attr returns the value of n's attribute key, "" when it has none.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// gateImage turns the img n into a link to its source (or, inside a link
// or for a source that is no web address, its text) that loads nothing.
func gateImage(n *html.Node, hint string) {
	src := attr(n, "src")
	text := strings.TrimSpace(attr(n, "alt"))
	u, err := url.Parse(strings.TrimSpace(src))
	web := err == nil && isExternalURL(src) && u.Host != ""
	if text == "" && web {
		text = u.Hostname()
	}
	if text == "" {
		text = src
	}
	repl := &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span,
		Attr: []html.Attribute{{Key: "class", Val: "image-link"}}}
	if web && !insideLink(n) {
		repl.Data, repl.DataAtom = "a", atom.A
		repl.Attr = []html.Attribute{{Key: "href", Val: strings.TrimSpace(src)}, {Key: "class", Val: "image-link"},
			{Key: "rel", Val: "nofollow noopener noreferrer"}}
	}
	if hint != "" {
		text += " " // read apart from the hint without styles too
	}
	repl.AppendChild(&html.Node{Type: html.TextNode, Data: text})
	if hint != "" {
		h := &html.Node{Type: html.ElementNode, Data: "span", DataAtom: atom.Span,
			Attr: []html.Attribute{{Key: "class", Val: "image-hint"}}}
		h.AppendChild(&html.Node{Type: html.TextNode, Data: hint})
		repl.AppendChild(h)
	}
	if n.Parent == nil { // a fragment's top-level img: n becomes the link
		n.Data, n.DataAtom, n.Attr = repl.Data, repl.DataAtom, repl.Attr
		for c := repl.FirstChild; c != nil; c = repl.FirstChild {
			repl.RemoveChild(c)
			n.AppendChild(c)
		}
		return
	}
	n.Parent.InsertBefore(repl, n)
	n.Parent.RemoveChild(n)
}

// insideLink reports whether n has an a element around it.
func insideLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.A {
			return true
		}
	}
	return false
}
