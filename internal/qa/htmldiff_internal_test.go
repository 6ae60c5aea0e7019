package qa

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"stackdesk/internal/markdown"
	"stackdesk/internal/store/storetest"
)

// TestRenderedDiffMarksWords: the rendered diff is the body after the edit,
// its inserted words in <ins> and its removed ones in <del> where they
// stood, inside the body's own elements.
func TestRenderedDiffMarksWords(t *testing.T) {
	before := "The VPN **drops** every hour, see [the guide](https://wiki.example/vpn).\n\n" +
		"- restart the client\n- reboot\n\n```go\nfmt.Println(1)\n```\n\n![old screenshot](https://img.example/a.png)\n\nLast paragraph stays."
	after := "The VPN **disconnects** every hour, see [the guide](https://evil.example/vpn).\n\n" +
		"- restart the client\n- reboot twice\n\n```go\nfmt.Println(2)\n```\n\nLast paragraph stays.\n\nA new paragraph."
	d := diffHTML(markdown.Render(before), markdown.Render(after))
	if d.Coarse {
		t.Error("a small edit is marked coarse")
	}
	for _, want := range []string{
		"The VPN <strong><del>drops</del><ins>disconnects</ins></strong> every hour",
		// A link to another address shows its text as inserted.
		`<a href="https://evil.example/vpn" rel="nofollow noopener"><ins>the guide</ins></a>`,
		"<li>reboot<ins> twice</ins></li>",
		`<span class="mi"><del>1</del><ins>2</ins></span>`,
		`<del><img src="https://img.example/a.png" alt="old screenshot"/></del>`,
		"<p>Last paragraph stays.</p>",
		"<ins><p>A new paragraph.</p></ins>",
	} {
		if !strings.Contains(d.HTML, want) {
			t.Errorf("missing %s in\n%s", want, d.HTML)
		}
	}
	if strings.Contains(d.HTML, "wiki.example") {
		t.Error("the link's old address is in the rendered diff")
	}
	// A rewritten sentence shows removed and added whole, not word for word in turn.
	d = diffHTML(markdown.Render("alpha beta gamma delta"), markdown.Render("one two three four"))
	if d.HTML != "<p><del>alpha beta gamma delta</del><ins>one two three four</ins></p>" {
		t.Errorf("rewritten sentence: %s", d.HTML)
	}
	// Words made bold or code show as inserted; kept formatting does not.
	if d := diffHTML(markdown.Render("Run ipconfig as *admin* now."), markdown.Render("Run `ipconfig` as *admin* **now**.")); d.HTML != "<p>Run <code><ins>ipconfig</ins></code> as <em>admin</em> <strong><ins>now</ins></strong>.</p>" {
		t.Errorf("formatting added: %s", d.HTML)
	}
	// Words whose formatting is taken off (bold, code, a link) show as
	// inserted too, with no tag of the old body put back.
	if d := diffHTML(markdown.Render("Run `ipconfig` as *admin* **now**, see [the guide](https://wiki.example/vpn)."),
		markdown.Render("Run ipconfig as *admin* now, see the guide.")); d.HTML != "<p>Run <ins>ipconfig</ins> as <em>admin</em> <ins>now</ins>, see <ins>the guide</ins>.</p>" {
		t.Errorf("formatting removed: %s", d.HTML)
	}
	// A heading made a paragraph, or the other way, and bullets made steps,
	// show their words as changed; a kept heading marks only what changed.
	for _, c := range []struct{ before, after, want string }{
		{"# Warning\n\nDo not reboot.", "Warning\n\nDo not reboot.", "<p><ins>Warning</ins></p>"},
		{"Warning\n\nDo not reboot.", "# Warning\n\nDo not reboot.", "<h1><ins>Warning</ins></h1>"},
		{"- restart\n- reboot\n", "1. restart\n2. reboot\n", "<li><ins>restart</ins></li>"},
		{"# VPN drops\n\nText.", "# VPN drops hourly\n\nText.", "<h1>VPN drops<ins> hourly</ins></h1>"},
	} {
		if d := diffHTML(markdown.Render(c.before), markdown.Render(c.after)); !strings.Contains(d.HTML, c.want) {
			t.Errorf("%q to %q: %s, want %s", c.before, c.after, d.HTML, c.want)
		}
	}
	// The post's own strikethrough is not taken for a removal.
	if d := diffHTML(markdown.Render("Use ~~port 80~~ port 443."), markdown.Render("Use ~~port 80~~ port 8443.")); d.HTML != "<p>Use <s>port 80</s> port <del>443</del><ins>8443</ins>.</p>" {
		t.Errorf("own strikethrough: %s", d.HTML)
	}
	// No change, no marks; nothing before, all inserted.
	if d := diffHTML(markdown.Render("Same *text*."), markdown.Render("Same *text*.")); d.HTML != "<p>Same <em>text</em>.</p>" {
		t.Errorf("unchanged: %s", d.HTML)
	}
	if d := diffHTML("", markdown.Render("New text.")); d.HTML != "<ins><p>New text.</p></ins>" {
		t.Errorf("from nothing: %s", d.HTML)
	}
}

// TestTagChanges: kept and added tags in their new order, then the removed.
func TestTagChanges(t *testing.T) {
	got := fmt.Sprint(TagChanges("vpn windows certificates", "vpn macos windows"))
	if want := "[{= vpn} {+ macos} {= windows} {- certificates}]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestRenderedDiffOfBadInputIsSafe: every payload of the bad-input
// corpora, inserted into a post, removed from it, or replacing another
// payload, gives a rendered diff with no script, handler or dangerous
// address, balanced (every element closed in order), and which once the
// removed parts are dropped shows as the new body does.
func TestRenderedDiffOfBadInputIsSafe(t *testing.T) {
	payloads := badInput(t)
	base := "Since the update the VPN client **drops** the connection.\n\n- first step\n- second step\n\nThanks."
	check := func(what, before, after string) {
		t.Helper()
		oldHTML, newHTML := markdown.Render(before), markdown.Render(after)
		d := diffHTML(oldHTML, newHTML)
		if bad := unsafeParts(d.HTML); len(bad) > 0 {
			t.Fatalf("%s: unsafe rendered diff %v:\n%s", what, bad, d.HTML)
		}
		if err := balanced(d.HTML); err != nil {
			t.Fatalf("%s: %v:\n%s", what, err, d.HTML)
		}
		// Sanitised again, as the diff is (which drops an <a> left without
		// attributes), its own strikethrough made <s>.
		if got, want := markdown.Shape(withoutDeletions(d.HTML)), markdown.Shape(markdown.SanitizeHTML(ownMarks(newHTML))); got != want {
			t.Fatalf("%s: the diff without its deletions is not the new body:\n got %s\nwant %s", what, got, want)
		}
	}
	for i, p := range payloads {
		edited := strings.Replace(base, "**drops**", p, 1) + "\n\n" + p
		check(fmt.Sprintf("payload %d %q added", i, p), base, edited)
		check(fmt.Sprintf("payload %d %q removed", i, p), edited, base)
		if i > 0 {
			check(fmt.Sprintf("payload %d %q replaced by %d", i-1, payloads[i-1], i), payloads[i-1], p)
		}
	}
}

// TestRenderedDiffCostIsBounded: a 30 KB body rewritten throughout is
// compared within the bounds (the work of its comparisons, each as long as
// it is squared, stays within what the bounds allow) and marked coarsely
// where the bounds end, yet still shows the new body whole; a one-word edit
// of the same body is still marked word by word.
func TestRenderedDiffCostIsBounded(t *testing.T) {
	limit := renderedBlocksMax*renderedBlocksMax + renderedTokensMax*renderedTokensBudget
	para := func(prefix string, i int) string {
		var b strings.Builder
		for j := range 40 {
			fmt.Fprintf(&b, "%s%d ", prefix, i*100+j)
		}
		return b.String()
	}
	var before, after strings.Builder
	for i := 0; after.Len() < 30000; i++ {
		// Rewritten paragraphs between kept ones: many runs to compare.
		before.WriteString(para("old", i) + "\n\nkept " + fmt.Sprint(i) + "\n\n")
		after.WriteString(para("new", i) + "\n\nkept " + fmt.Sprint(i) + "\n\n")
	}
	oldHTML, newHTML := markdown.Render(before.String()), markdown.Render(after.String())
	d := diffHTML(oldHTML, newHTML)
	if d.work > limit || d.work == 0 {
		t.Errorf("rewritten paragraphs: work %d, bound %d", d.work, limit)
	}
	if !d.Coarse || !strings.Contains(d.HTML, "<p><del>old0 ") || !strings.Contains(d.HTML, "<del><p>old") {
		t.Errorf("rewritten paragraphs: coarse %v, first ones not marked word by word or later ones not whole", d.Coarse)
	}
	if markdown.Shape(withoutDeletions(d.HTML)) != markdown.Shape(newHTML) {
		t.Error("rewritten paragraphs: the new body is not shown whole")
	}

	// One paragraph of 30 KB rewritten: too long to compare word by word.
	long := func(prefix string) string {
		var b strings.Builder
		for i := 0; b.Len() < 30000; i++ {
			fmt.Fprintf(&b, "%s%d ", prefix, i)
		}
		return b.String()
	}
	d = diffHTML(markdown.Render(long("a")), markdown.Render(long("b")))
	if d.work > limit || !d.Coarse || !strings.HasPrefix(d.HTML, "<del><p>a0 a1 ") {
		t.Errorf("one long paragraph rewritten: work %d, coarse %v, %.60s", d.work, d.Coarse, d.HTML)
	}
	// Thousands of one-line paragraphs all rewritten: too many to compare one to one.
	var many, others strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&many, "x%d\n\n", i)
		fmt.Fprintf(&others, "y%d\n\n", i)
	}
	d = diffHTML(markdown.Render(many.String()), markdown.Render(others.String()))
	if d.work > limit || !d.Coarse {
		t.Errorf("3000 paragraphs rewritten: work %d, coarse %v", d.work, d.Coarse)
	}

	// One word changed in the 30 KB body: exact, and cheap.
	edited := strings.Replace(before.String(), "old5 ", "older5 ", 1)
	d = diffHTML(oldHTML, markdown.Render(edited))
	if d.Coarse || !strings.Contains(d.HTML, "<del>old5</del><ins>older5</ins>") || d.work > 100 {
		t.Errorf("one word in 30 KB: coarse %v, work %d", d.Coarse, d.work)
	}
}

// badInput reads the payloads of the bad-input corpora: blns.txt and
// xss-dev.txt without comments and blank lines, and blns.json.
func badInput(t *testing.T) []string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = filepath.Dir(dir)
	}
	// Next to the repository (/work/main beside /work/shared), or, for a
	// worktree elsewhere, in /work/shared.
	dir = filepath.Join(dir, "..", "shared", "data", "bad-input")
	if _, err := os.Stat(dir); err != nil {
		dir = "/work/shared/data/bad-input"
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			storetest.SkipOrFail(t, "bad-input corpus: %v", err)
		}
		return string(b)
	}
	var out []string
	for _, name := range []string{"blns.txt", "xss-dev.txt"} {
		for _, l := range strings.Split(read(name), "\n") {
			if l != "" && !strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
	}
	var strs []string
	if err := json.Unmarshal([]byte(read("blns.json")), &strs); err != nil {
		t.Fatal(err)
	}
	out = append(out, strs...)
	if len(out) < 1500 {
		t.Fatalf("only %d payloads: the corpus is incomplete", len(out))
	}
	return out
}

var deletionRE = regexp.MustCompile(`(?s)<del>.*?</del>`)

// withoutDeletions drops what a rendered diff marks removed (<del> holds
// no <del>) and keeps what it marks inserted.
func withoutDeletions(s string) string {
	s = deletionRE.ReplaceAllString(s, "")
	return strings.NewReplacer("<ins>", "", "</ins>", "").Replace(s)
}

// unsafeParts lists what in s could run script or load what a post may
// not: elements, handlers, styles, and addresses a browser would run.
func unsafeParts(s string) []string {
	var bad []string
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return []string{err.Error()}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
				"form", "button", "textarea", "select", "svg", "math", "template", "noscript", "xmp", "plaintext", "title", "bdo":
				bad = append(bad, "<"+n.Data+">")
			}
			if n.Namespace != "" {
				bad = append(bad, n.Namespace+":"+n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				val := strings.Map(func(r rune) rune {
					if r <= ' ' || r == 0x7f {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				switch {
				case strings.HasPrefix(key, "on"), key == "style", key == "srcdoc", key == "formaction", key == "srcset":
					bad = append(bad, key+" on <"+n.Data+">")
				case (key == "href" || key == "src" || key == "cite" || key == "action") &&
					(strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")):
					bad = append(bad, key+"="+a.Val)
				case key == "src" && n.Data == "img" && !strings.HasPrefix(val, "http://") && !strings.HasPrefix(val, "https://"):
					bad = append(bad, "image from "+a.Val)
				}
			}
			if n.Data == "input" && !strings.Contains(fmt.Sprint(n.Attr), "disabled") {
				bad = append(bad, "an input that is not disabled")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return bad
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// balanced reports the first tag of s that is not closed in order.
func balanced(s string) error {
	var open []string
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				return fmt.Errorf("unclosed %v", open)
			}
			return nil
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return fmt.Errorf("</%s> closes %v", name, open)
			}
			open = open[:len(open)-1]
		}
	}
}
