package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// testImages lists i.stack.imgur.com, a host with an IDN name, one on a
// port of its own, and one whose images are served over plain http.
func testImages() *ImagePolicy {
	return NewImagePolicy(map[string]bool{
		"i.stack.imgur.com": false, "xn--bcher-kva.example": false,
		"wiki.example.com:8443": false, "plain.example": true,
	})
}

const testUpload = "/uploads/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png"

// TestImagePolicyAllows: an image loads only from an upload or from a
// listed host, matched exactly whatever the case or spelling of the URL,
// and never from a URL a browser reads as another host.
func TestImagePolicyAllows(t *testing.T) {
	p := testImages()
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"https://i.stack.imgur.com/a.png", true},
		{"HTTPS://I.Stack.IMGUR.com/a.png", true},
		{"https://i.stack.imgur.com:443/a.png", true},
		{"http://i.stack.imgur.com/a.png", false},          // listed for https only
		{"//i.stack.imgur.com/a.png", false},               // protocol-relative
		{"https:i.stack.imgur.com/a.png", false},           // no authority
		{"https:///i.stack.imgur.com/a.png", false},        // no host
		{"https://i.stack.imgur.com.evil.example/", false}, // a suffix is another host
		{"https://i.stack.imgur.com./a.png", false},        // trailing dot: not the listed name
		{"https://imgur.com/a.png", false},                 // a parent domain is another host
		{"https://x.i.stack.imgur.com/a.png", false},       // so is a subdomain
		{"https://i.stack.imgur.com@evil.example/a.png", false},
		{"https://user:pw@i.stack.imgur.com/a.png", false},
		{`https://evil.example\@i.stack.imgur.com/a.png`, false},
		{`https://evil.example\.i.stack.imgur.com/a.png`, false},
		{" https://i.stack.imgur.com/a.png", false},
		{"https://i.stack.imgur.com/a\n.png", false},
		{"https://evil.example/?u=https://i.stack.imgur.com/a.png", false},
		{"https://i.stack.imgur.com:8443/a.png", false}, // another port
		{"https://wiki.example.com:8443/a.png", true},
		{"https://wiki.example.com/a.png", false},
		{"https://bücher.example/a.png", true}, // IDN: compared as punycode
		{"https://BÜCHER.example/a.png", true},
		{"https://xn--bcher-kva.example/a.png", true},
		{"https://b%C3%BCcher.example/a.png", true},
		{"https://bucher.example/a.png", false},
		{"http://plain.example/a.png", true}, // listed as http://plain.example
		{"https://plain.example/a.png", true},
		{"http://plain.example:8080/a.png", false},
		{"ftp://i.stack.imgur.com/a.png", false},
		{"javascript:alert(1)//i.stack.imgur.com", false},
		{testUpload, true},
		{"/uploads/../logout", false},
		{"/logout", false},
		{"", false},
	} {
		if got := p.Allows(c.src); got != c.want {
			t.Errorf("Allows(%q) = %v, want %v", c.src, got, c.want)
		}
	}
	var none *ImagePolicy
	if none.Allows("https://i.stack.imgur.com/a.png") || !none.Allows(testUpload) {
		t.Error("with no hosts listed, only uploads should be shown")
	}
	// This site's uploads by its public address ("Copy image address"),
	// and nothing else of it or of another host by the same path.
	site := none.WithSite("https://Help.Example.com/")
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"https://help.example.com" + testUpload, true},
		{"HTTPS://HELP.EXAMPLE.COM:443" + testUpload, true},
		{"http://help.example.com" + testUpload, false},
		{"https://help.example.com:8443" + testUpload, false},
		{"https://evil.example" + testUpload, false},
		{"https://help.example.com" + testUpload + "?x=1", false},
		{"https://help.example.com/uploads/x.png", false},
		{"https://help.example.com/logout", false},
		{"https://i.stack.imgur.com/a.png", false},
		{testUpload, true},
	} {
		if got := site.Allows(c.src); got != c.want {
			t.Errorf("with the site's address: Allows(%q) = %v, want %v", c.src, got, c.want)
		}
	}
	if !p.WithSite("https://help.example.com").Allows("https://i.stack.imgur.com/a.png") {
		t.Error("the site's address dropped the listed hosts")
	}
}

// images returns the src of every img in h, parsed as a browser would.
func images(t *testing.T, h string) []string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(h), fragmentContext)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	stack := nodes
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == atom.Img {
			out = append(out, attr(n, "src"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return out
}

// TestGateShowsListedImagesAndLinksOthers: a post's image from a listed
// host or an upload is shown; another site's becomes a link to it, named
// by its alt text or its host, with the hint, and loads nothing.
func TestGateShowsListedImagesAndLinksOthers(t *testing.T) {
	p := testImages()
	src := "![screenshot](https://i.stack.imgur.com/a.png)\n\n" +
		"![upload](" + testUpload + ")\n\n" +
		"![pixel](https://tracker.example/p.gif?who=me)\n\n" +
		"![](https://tracker.example/q.gif)\n\n" +
		"![spoof](https://i.stack.imgur.com@tracker.example/r.gif)\n"
	stored := Render(src)
	if n := len(images(t, stored)); n != 5 {
		t.Fatalf("the stored HTML keeps the images as written, got %d in %s", n, stored)
	}
	out := p.Gate(stored, "image")
	got := images(t, out)
	if len(got) != 2 || got[0] != "https://i.stack.imgur.com/a.png" && got[1] != "https://i.stack.imgur.com/a.png" ||
		!strings.Contains(out, `src="`+testUpload+`"`) {
		t.Errorf("want the listed image and the upload shown, got images %q in\n%s", got, out)
	}
	for _, want := range []string{
		`<a href="https://tracker.example/p.gif?who=me" class="image-link" rel="nofollow noopener noreferrer">pixel <span class="image-hint">image</span></a>`,
		`<a href="https://tracker.example/q.gif" class="image-link" rel="nofollow noopener noreferrer">tracker.example <span class="image-hint">image</span></a>`,
		`<a href="https://i.stack.imgur.com@tracker.example/r.gif" class="image-link" rel="nofollow noopener noreferrer">spoof <span class="image-hint">image</span></a>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	// With no host listed, the same post shows its upload alone.
	var none *ImagePolicy
	if got := images(t, none.Gate(stored, "Bild")); len(got) != 1 || got[0] != testUpload {
		t.Errorf("no hosts listed: want only the upload, got %q", got)
	}
}

// TestGateTrickyMarkup: an image inside a link (links do not nest), an
// image at the top of a fragment, upper-case imported markup, an alt text
// that is markup, and HTML without images, which comes back untouched.
func TestGateTrickyMarkup(t *testing.T) {
	p := testImages()
	linked := p.Gate(Render("[![diagram](https://tracker.example/d.png)](https://docs.example/page)"), "image")
	if len(images(t, linked)) != 0 || strings.Count(linked, "<a ") != 1 ||
		!strings.Contains(linked, `<span class="image-link">diagram <span class="image-hint">image</span></span>`) {
		t.Errorf("an image inside a link: %s", linked)
	}
	top := p.Gate(`<img src="https://tracker.example/t.gif" alt="&lt;b&gt;x&quot;">`, "image")
	if top != `<a href="https://tracker.example/t.gif" class="image-link" rel="nofollow noopener noreferrer">&lt;b&gt;x&#34; <span class="image-hint">image</span></a>` {
		t.Errorf("a top-level image: %s", top)
	}
	imported := p.Gate(SanitizeHTML(`<P>See <IMG SRC="HTTPS://TRACKER.EXAMPLE/I.GIF" ALT="it"></P>`), "image")
	if len(images(t, imported)) != 0 || !strings.Contains(imported, "image-link") {
		t.Errorf("imported upper-case markup: %s", imported)
	}
	if !hasImg("<P><IMG src=x>") || hasImg("<p>an &lt;img&gt; in words</p>") || hasImg("<") {
		t.Error("hasImg misreads")
	}
	plain := Render("No images here, only `<img>` as code and a [link](https://tracker.example/).")
	if got := p.Gate(plain, "image"); got != plain {
		t.Errorf("HTML without images changed:\n%s\n%s", plain, got)
	}
	shown := Render("![a](https://i.stack.imgur.com/a.png) and ![b](" + testUpload + ")")
	if got := p.Gate(shown, "image"); got != shown {
		t.Errorf("HTML whose images are all allowed changed:\n%s\n%s", shown, got)
	}
	comment := p.Gate(RenderComment("look ![x](https://tracker.example/c.gif)"), "image")
	if len(images(t, comment)) != 0 {
		t.Errorf("a comment's image: %s", comment)
	}
}

// TestGateOverBadInput: whatever the bad-input corpora render to, no
// image from another site survives the gate with no hosts listed, and
// the result is still safe HTML.
func TestGateOverBadInput(t *testing.T) {
	var none *ImagePolicy
	for _, c := range loadCorpora(t) {
		for i, line := range c.lines {
			for _, stored := range []string{Render(line), SanitizeHTML(line), RenderComment(line)} {
				out := none.Gate(stored, "image")
				for _, src := range images(t, out) {
					if !uploadRE.MatchString(src) {
						t.Fatalf("%s line %d: image %q survives in %s", c.name, i+1, src, out)
					}
				}
				if strings.Contains(strings.ToLower(out), "<script") {
					t.Fatalf("%s line %d: unsafe output %s", c.name, i+1, out)
				}
			}
		}
	}
}

// TestLocalImageWithoutAltShowsItsName: an image a post may not show is
// replaced by its alt text, or, without one, by the file its address names,
// so `![](shot.png)` does not vanish without a trace.
func TestLocalImageWithoutAltShowsItsName(t *testing.T) {
	for src, want := range map[string]string{
		"Look: ![](shot.png)":            "<p>Look: [shot.png]</p>",
		"Look: ![the dialog](shot.png)":  "<p>Look: the dialog</p>",
		"Look: ![](</a b/Fehler 1.png>)": "<p>Look: [Fehler 1.png]</p>",
		"Look: ![](<>)":                  "<p>Look: </p>",
		"Look: ![](shot.png\"onerror=x)": "<p>Look: [shot.png&#34;onerror=x]</p>",
		"Look: ![](x/%E2%80%AEgnp.exe)":  "<p>Look: [%E2%80%AEgnp.exe]</p>",
		"Look: ![](x/%3Cb%3E.png)":       "<p>Look: [&lt;b&gt;.png]</p>",
	} {
		if got := Render(src); !strings.HasPrefix(strings.TrimSpace(got), want) {
			t.Errorf("Render(%q) = %q, want it to start %q", src, got, want)
		}
	}
}
