package markdown

import (
	"strings"

	"golang.org/x/net/html"
)

// tag is one start or end tag seen by tokens.
type tag struct {
	name             string
	start, end, void bool
}

// voidElements never have an end tag.
var voidElements = map[string]bool{
	"area": true, "br": true, "col": true, "hr": true, "img": true, "input": true, "wbr": true,
}

// tokens lists the tags of s in order.
func tokens(s string) []tag {
	var out []tag
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		name, _ := z.TagName()
		n := string(name)
		switch tt {
		case html.StartTagToken:
			out = append(out, tag{name: n, start: true, void: voidElements[n]})
		case html.SelfClosingTagToken:
			out = append(out, tag{name: n, start: true, void: true})
		case html.EndTagToken:
			out = append(out, tag{name: n, end: true})
		}
	}
}
