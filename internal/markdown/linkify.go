package markdown

import (
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Bare addresses are linked with letters of every script, as browsers show
// them (https://de.wikipedia.org/wiki/Bürodrucker, https://пример.рф/мир):
// goldmark's own patterns stop at the first letter outside ASCII, which
// would link a shorter, wrong address. Otherwise they are goldmark's.
const (
	urlChars  = `\p{L}\p{N}\p{M}`
	urlPath   = `(?:[/#?][-` + urlChars + `@:%_+.~#$!?&/=\(\);,'">\^{}\[\]` + "`" + `]*)?`
	urlDomain = `[-` + urlChars + `@:%._\+~#=]{1,256}\.[\p{L}\p{M}]+`
)

var (
	linkURL = regexp.MustCompile(`^(?:http|https|ftp)://` + urlDomain + `(?::\d+)?` + urlPath)
	linkWWW = regexp.MustCompile(`^www\.` + urlDomain + urlPath)
)

// linkify is goldmark's Linkify with those patterns.
func linkify() goldmark.Extender {
	return extension.NewLinkify(extension.WithLinkifyURLRegexp(linkURL), extension.WithLinkifyWWWRegexp(linkWWW))
}
