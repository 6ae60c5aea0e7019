package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// dangerous is a hand-written list of attacks, each of which must come out
// of Render and SanitizeHTML harmless.
var dangerous = []struct {
	name string
	src  string
}{
	{"script tag", "<script>alert(1)</script>"},
	{"script with attributes", `<script type="text/javascript" src="https://evil.example/x.js"></script>`},
	{"img onerror", `<img src=x onerror=alert(1)>`},
	{"svg onload", `<svg onload=alert(1)>`},
	{"math xlink", `<math><a xlink:href="javascript:alert(1)">x</a></math>`},
	{"body onload", `<body onload=alert(1)>`},
	{"event handler on allowed tag", `<p onclick="alert(1)" onmouseover=alert(2)>x</p>`},
	{"markdown javascript link", `[x](javascript:alert(1))`},
	{"markdown javascript link upper case", `[x](JaVaScRiPt:alert(1))`},
	{"markdown javascript image", `![x](javascript:alert(1))`},
	{"autolink javascript", `<javascript:alert(1)>`},
	{"reference javascript link", "[x][r]\n\n[r]: javascript:alert(1)"},
	{"entity-encoded scheme", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`},
	{"hex entities without semicolons", `<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>`},
	{"named entity colon", `<a href="javascript&colon;alert(1)">x</a>`},
	{"tab inside scheme", "<a href=\"jav\tascript:alert(1)\">x</a>"},
	{"encoded tab inside scheme", `<a href="jav&#x09;ascript:alert(1)">x</a>`},
	{"newline inside scheme", "<a href=\"java\nscript:alert(1)\">x</a>"},
	{"leading spaces and controls", "<a href=\" \x01\x02javascript:alert(1)\">x</a>"},
	{"leading entity space", `<a href="&#32;javascript:alert(1)">x</a>`},
	{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`},
	{"data html link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`},
	{"data image", `<img src="data:image/png;base64,iVBORw0KGgo=">`},
	{"markdown data link", `[x](data:text/html,<script>alert(1)</script>)`},
	{"iframe", `<iframe src="https://evil.example"></iframe>`},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`},
	{"object", `<object data="https://evil.example/x.swf"></object>`},
	{"embed", `<embed src="https://evil.example/x.swf">`},
	{"form with formaction", `<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>`},
	{"input image", `<input type="image" src="x" onerror="alert(1)">`},
	{"input text", `<input type="text" value="phish" name="password">`},
	{"checkbox with handler", `<input type="checkbox" onclick="alert(1)">`},
	{"style tag", `<style>body{display:none}</style>`},
	{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`},
	{"base href", `<base href="https://evil.example/">`},
	{"link stylesheet", `<link rel="stylesheet" href="https://evil.example/x.css">`},
	{"id clobbering", `<img name="cookie" id="cookie" src="https://example.com/x.png"><a id="location" href="/x">x</a>`},
	{"class spoofing", `<div class="modal-backdrop admin-badge">x</div><span class="k">ok</span>`},
	{"target blank", `<a href="https://example.com" target="_blank">x</a>`},
	{"unterminated tag", `<img src="https://example.com/x.png" onerror="alert(1)"`},
	{"nested script split", `<scr<script>ipt>alert(1)</scr</script>ipt>`},
	{"comment breakout", `<!--><script>alert(1)</script>-->`},
	{"cdata", `<![CDATA[<script>alert(1)</script>]]>`},
	{"noscript mutation", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`},
	{"textarea swallow", `<textarea><p>rest of the page`},
	{"template", `<template><script>alert(1)</script></template>`},
	{"code info string", "```\" onmouseover=\"alert(1)\n x\n```"},
	{"code info attributes", "```go {linenos=table hl_lines=[1] style=x onclick=y}\nfunc f() {}\n```"},
	{"html in table cell", "| a |\n|---|\n| <img src=x onerror=alert(1)> |"},
	{"autolink with quotes", `https://example.com/"onmouseover="alert(1)`},
	{"expression css", `<div style="width: expression(alert(1))">x</div>`},
	{"NUL inside tag", "<scr\x00ipt>alert(1)</scr\x00ipt>"},
	{"invalid UTF-8", "<a href=\"\xffjavascript:alert(1)\">\xfe\xff</a>"},
	{"footnote", "x[^1] y[^<b onclick=z>]\n\n[^1]: [a](javascript:alert(1)) <li id=\"fn-0123abcd-fn:1\" onclick=alert(2)>\n[^<b onclick=z>]: b"},
}

// renderers are the functions that turn untrusted input into HTML for a
// page; each must keep the output contract on any input.
var renderers = map[string]func(string) string{
	"Render": Render, "RenderComment": RenderComment, "SanitizeHTML": SanitizeHTML,
}

// TestDangerousInputs runs every attack through every renderer.
func TestDangerousInputs(t *testing.T) {
	for _, tc := range dangerous {
		t.Run(tc.name, func(t *testing.T) {
			for fn, render := range renderers {
				out := render(tc.src)
				if bad := unsafeReasons(out); bad != nil {
					t.Errorf("%s(%q) = %q: %v", fn, tc.src, out, bad)
				}
			}
		})
	}
}

// TestCorpora runs every bad-input payload through every renderer.
func TestCorpora(t *testing.T) {
	for _, c := range loadCorpora(t) {
		t.Run(c.name, func(t *testing.T) {
			for i, line := range c.lines {
				for fn, render := range renderers {
					out := render(line)
					if bad := unsafeReasons(out); bad != nil {
						t.Errorf("%s line %d: %s(%q) = %q: %v", c.name, i+1, fn, line, out, bad)
					}
				}
			}
		})
	}
}

// TestSanitizeHTML checks the import path keeps what imports need.
func TestSanitizeHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "stack exchange code block keeps language",
			in:   `<pre class="lang-js"><code>let x = 1;</code></pre>`,
			want: `<pre class="lang-js"><code>let x = 1;</code></pre>`,
		},
		{
			name: "unknown classes are dropped",
			in:   `<pre class="lang-js page-header"><code>x</code></pre>`,
			want: `<pre><code>x</code></pre>`,
		},
		{
			name: "stack exchange language markers are kept",
			in:   `<pre class="lang-js prettyprint-override"><code>x</code></pre>`,
			want: `<pre class="lang-js prettyprint-override"><code>x</code></pre>`,
		},
		{
			name: "external link gets rel",
			in:   `<a href="https://stackoverflow.com/q/1">q</a>`,
			want: `<a href="https://stackoverflow.com/q/1" rel="nofollow noopener">q</a>`,
		},
		{
			name: "remote image is kept",
			in:   `<img src="https://i.sstatic.net/abc.png" alt="diagram">`,
			want: `<img src="https://i.sstatic.net/abc.png" alt="diagram"/>`,
		},
		{
			name: "local image becomes its alt text",
			in:   `<p><img src="/logout" alt="diagram"></p>`,
			want: `<p>diagram</p>`,
		},
		{
			name: "local image without alt text becomes its file name",
			in:   `<p>See <img src="../img/shot.png?v=2#top"> and <img src="/a/b/" alt=" "> and <img src="data:image/png;base64,AAAA"></p>`,
			want: `<p>See [shot.png] and [b] and </p>`,
		},
		{
			name: "a long file name is cut",
			in:   `<img src="` + strings.Repeat("n", 70) + `.png">`,
			want: `[` + strings.Repeat("n", 59) + `…]`,
		},
		{
			name: "script dropped with its content",
			in:   `<p>a<script>alert(1)</script>b</p>`,
			want: `<p>ab</p>`,
		},
		{
			name: "ids dropped",
			in:   `<h2 id="intro">Intro</h2>`,
			want: `<h2>Intro</h2>`,
		},
		{
			name: "a link left without attributes is its text",
			in:   `<p><a href="javascript:alert(1)" id="x">a <b>b</b></a> <a id="y">c</a></p><a id="z">d</a>`,
			want: `<p>a <b>b</b> c</p>d`,
		},
		{name: "empty", in: "", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SanitizeHTML(tc.in); got != tc.want {
				t.Errorf("SanitizeHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestSanitizeHTMLTwice checks that sanitised HTML sanitised again is the
// same, for every line of the corpora: stackdesk rerender sanitises
// imported bodies again, and should find nothing to change.
func TestSanitizeHTMLTwice(t *testing.T) {
	for _, c := range loadCorpora(t) {
		for i, line := range c.lines {
			once := SanitizeHTML(line)
			if twice := SanitizeHTML(once); twice != once {
				t.Errorf("%s line %d: SanitizeHTML(%q) = %q, again %q", c.name, i+1, line, once, twice)
			}
		}
	}
}

// TestMalformedInput checks invalid UTF-8 and NUL bytes never leak through.
func TestMalformedInput(t *testing.T) {
	inputs := map[string]string{
		"invalid UTF-8":  "a\xff\xfeb **c\xc3** `\x80`",
		"NUL bytes":      "a\x00b <p>\x00</p> `\x00`",
		"lone surrogate": "\xed\xa0\x80 x",
		"only NULs":      "\x00\x00\x00",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			for fn, out := range map[string]string{
				"Render": Render(in), "RenderComment": RenderComment(in), "SanitizeHTML": SanitizeHTML(in),
				"PlainText": PlainText(in), "HTMLToText": HTMLToText(in), "Excerpt": Excerpt(in, 3),
			} {
				if !utf8.ValidString(out) || strings.ContainsRune(out, 0) {
					t.Errorf("%s(%q) = %q: invalid UTF-8 or NUL", fn, in, out)
				}
			}
		})
	}
}
