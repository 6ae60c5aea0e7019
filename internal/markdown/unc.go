package markdown

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Windows share's path (\\print01\floor2, \\fs.example.com\c$\logs,
// \\10.0.0.5\share) is written daily on an IT help site, and CommonMark
// reads its leading "\\" as an escaped backslash, so it showed as
// \print01\floor2. uncPaths keeps such a path as typed when it starts a
// word: at the start of a line, after white space, or after an opening
// bracket, quotation mark or emphasis marker that is not itself escaped. It
// is a UNC path only when "\\" is followed by a host name (a letter or
// digit, then letters, digits, "-", "_", ".") or by "?" or "." (\\?\C:\x,
// \\.\pipe\x), and then by "\"; "\\" alone and "\\*text*" keep their
// CommonMark meaning. The path runs to white space, to a character no
// Windows path holds (< > " | * ` and control characters) or to a square
// bracket, which in Markdown is a link's ("[\\srv\x](/a)"); emphasis
// markers at its end close what opened before it. Code spans and blocks
// are literal already and are not touched.
//
// A link or image whose address is a share path ("[share](\\print01\floor2)",
// pasted from Explorer) is shown as its text followed by the path in
// parentheses, as typed, and links nowhere (see uncLinks); its backslashes
// are read as typed there too, so one ending in "\" is still an address
// (see uncDestinations).
type uncPaths struct{}

// Extend implements goldmark.Extender.
func (uncPaths) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(uncParser{}, 150)),
		parser.WithASTTransformers(util.Prioritized(uncLinks{}, 500)),
	)
}

// uncLinks turns every link and image whose address is a share path into
// text: its own text (an image's alt text), then the path in parentheses,
// or the path alone when the text is the path or there is none. CommonMark
// read the path's leading "\\" as one escaped backslash, so the link went
// to "\print01\floor2", a page of this site that does not exist. No
// address shows a share as it is: the sanitiser allows http, https and
// mailto only, so a file:// link would be dropped, and browsers refuse to
// open file:// from a web page anyway (and on Windows such a link, where it
// is followed, sends the reader's credentials to the named host); the
// backslashes themselves, kept in an href, are slashes to a browser, which
// would make \\print01\floor2 a link to the web server print01. Shown as
// text, the path can be copied into Explorer.
type uncLinks struct{}

// Transform implements parser.ASTTransformer.
func (uncLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	type found struct {
		node ast.Node
		path []byte
	}
	var links []found
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch l := n.(type) {
		case *ast.Link:
			dest = l.Destination
		case *ast.Image:
			dest = l.Destination
		default:
			return ast.WalkContinue, nil
		}
		if path, ok := uncDestination(dest); ok {
			links = append(links, found{n, path})
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		parent := l.node.Parent()
		label := labelText(l.node, reader.Source())
		for c := l.node.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l.node, c)
			c = next
		}
		shown := l.path
		if len(label) > 0 && string(label) != string(l.path) {
			shown = append(append([]byte(" ("), l.path...), ')')
		} else if len(label) > 0 {
			shown = nil
		}
		if shown != nil {
			str := ast.NewString(shown)
			str.SetRaw(true)
			parent.InsertBefore(parent, l.node, str)
		}
		parent.RemoveChild(parent, l.node)
	}
}

// uncDestination reports whether a link's address, as written (goldmark
// keeps its escapes), is a share path, and returns the path: as typed
// ("\\print01\floor2"), or written with escapes as CommonMark would
// have it ("\\\\print01\\floor2").
func uncDestination(dest []byte) ([]byte, bool) {
	if bytes.IndexByte(dest, 0) >= 0 { // read as typed (uncDestinations)
		dest = bytes.ReplaceAll(dest, []byte{0}, []byte{'\\'})
	}
	if _, end := uncScan(dest); end > 0 && end == len(dest) {
		return dest, true
	}
	if bytes.IndexByte(dest, '\\') < 0 {
		return nil, false
	}
	if u := util.UnescapePunctuations(dest); len(u) < len(dest) {
		if _, end := uncScan(u); end > 0 && end == len(u) {
			return u, true
		}
	}
	return nil, false
}

// labelText returns the text a link shows (an image's alt text), escapes
// read, as far as it is text.
func labelText(n ast.Node, src []byte) []byte {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b = append(b, util.UnescapePunctuations(t.Segment.Value(src))...)
		case *ast.String:
			b = append(b, t.Value...)
		}
		return ast.WalkContinue, nil
	})
	return b
}

// uncParser is the inline parser of uncPaths, triggered by "\" before the
// text's backslash escapes are read.
type uncParser struct{}

// Trigger implements parser.InlineParser.
func (uncParser) Trigger() []byte { return []byte{'\\'} }

// Parse implements parser.InlineParser: a UNC path at the reader becomes a
// raw string node, which the renderer escapes for HTML but not for Markdown.
func (uncParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !uncWordStart(block.PrecendingCharacter()) || escapedBefore(block.Source(), seg.Start) {
		return nil
	}
	n := uncLen(line)
	if n == 0 {
		return nil
	}
	if taken, ok := pc.Get(uncTakenKey).(map[int]int); ok {
		taken[seg.Start] = n
	}
	block.Advance(n)
	// A String, not a Text: goldmark merges the text that follows into a
	// Text before it, which would then be raw too and show its escapes.
	str := ast.NewString(line[:n:n])
	str.SetRaw(true)
	return str
}

// uncTakenKey holds, for a parse that asks (typedSharePaths), a map from
// where each path the parser kept as typed starts in the source to its
// length in bytes (a String node has no position).
var uncTakenKey = parser.NewContextKey()

// uncWordStart reports whether a UNC path may start after the character
// before (goldmark gives '\n' at the start of a block or line).
func uncWordStart(before rune) bool {
	return unicode.IsSpace(before) || strings.ContainsRune("([{<\"'*_~“‘„«‹", before)
}

// escapedBefore reports whether the character before at in src is an
// escaped one ("\~"): a character shown as text, which starts no word.
func escapedBefore(src []byte, at int) bool {
	if at < 2 || at > len(src) || !util.IsPunct(src[at-1]) {
		return false
	}
	n := 0
	for i := at - 2; i >= 0 && src[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// uncLen returns the length in bytes of the UNC path at the start of s, or
// 0 when s does not start with one.
func uncLen[T string | []byte](s T) int {
	n, _ := uncScan(s)
	return n
}

// uncScan returns uncLen of s and where the path's characters end, before
// trimUNC gives some back (0 when there is no path).
func uncScan[T string | []byte](s T) (n, end int) {
	if len(s) < 4 || s[0] != '\\' || s[1] != '\\' {
		return 0, 0
	}
	i := 2
	if s[i] == '?' || s[i] == '.' {
		i++
	} else if r, _ := decodeRune(s[i:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
		for i < len(s) {
			r, size := decodeRune(s[i:])
			if !uncHostRune(r) {
				break
			}
			i += size
		}
	}
	if i == 2 || i >= len(s) || s[i] != '\\' {
		return 0, 0
	}
	for i < len(s) {
		r, size := decodeRune(s[i:])
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError && size == 1 ||
			strings.ContainsRune("<>\"|*`[]", r) {
			break
		}
		i += size
	}
	return trimUNC(s[:i]), i
}

// decodeRune is utf8.DecodeRune for text held either way.
func decodeRune[T string | []byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	return utf8.DecodeRune(buf[:copy(buf[:], s[:min(len(s), utf8.UTFMax)])])
}

// uncHostRune reports whether r may be part of a host name in a UNC path.
func uncHostRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.'
}

// trimUNC returns the length of path without the emphasis and
// strikethrough markers at its end ("_\\srv\x_"), which close what opened
// before the path. Other punctuation at its end shows the same as path or
// as text.
func trimUNC[T string | []byte](path T) int {
	end := len(path)
	for end > 2 && (path[end-1] == '_' || path[end-1] == '~') {
		end--
	}
	return end
}

// uncDestinations wraps goldmark's link parser so that a share path as a
// link's address is read as typed: its backslashes are no escapes there,
// so "[share](\\print01\floor2\)" is a link whose address ends in "\"
// (CommonMark read "\)" as an escaped ")" and found no link). The parser is
// shown the path's backslashes as NUL bytes, which no text holds
// (cleanInput), and uncDestination reads them back.
type uncDestinations struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (p uncDestinations) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 6 || line[0] != ']' || line[1] != '(' {
		return p.InlineParser.Parse(parent, block, pc)
	}
	at := 2
	for at < len(line) && (line[at] == ' ' || line[at] == '\t') {
		at++
	}
	from, closer := at, -1 // closer: what must follow the path, -1 white space or nothing
	if from < len(line) && line[from] == '<' {
		from, closer = from+1, '>'
	}
	_, end := uncScan(line[from:])
	if end == 0 {
		return p.InlineParser.Parse(parent, block, pc)
	}
	to := from + end
	switch {
	case closer == '>' && to < len(line) && line[to] == '>':
		to++
	case closer == -1 && (to == len(line) || util.IsSpace(line[to])):
	default:
		// The address goes on with a character no path holds: it is no
		// share path, and goldmark reads it as ever.
		return p.InlineParser.Parse(parent, block, pc)
	}
	r := &uncDestReader{Reader: block, at: seg.Start + at, from: from - at, to: to - at}
	return p.InlineParser.Parse(parent, r, pc)
}

// CloseBlock implements parser.CloseBlocker for the wrapped parser.
func (p uncDestinations) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if c, ok := p.InlineParser.(parser.CloseBlocker); ok {
		c.CloseBlock(parent, block, pc)
	}
}

// uncDestReader is the block's reader as the link parser sees it at a "]"
// followed by a share path: read from at, the line shows the path's
// backslashes, from byte from to byte to, as NUL bytes, and ends with the
// address (the link parser reads no further in it; to read more it
// advances the reader). So every "](" copies its address only: the
// addresses of a line do not overlap, as a path holds no "]".
type uncDestReader struct {
	text.Reader
	at, from, to int
}

// PeekLine implements text.Reader.
func (r *uncDestReader) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	if seg.Start != r.at || r.to > len(line) {
		return line, seg
	}
	masked := append([]byte(nil), line[:r.to]...)
	for i := r.from; i < r.to; i++ {
		if masked[i] == '\\' {
			masked[i] = 0
		}
	}
	return masked, seg
}

// withUNCDestinations returns the inline parsers ps with goldmark's link
// parser, bounded or not, wrapped by uncDestinations.
func withUNCDestinations(ps []util.PrioritizedValue) []util.PrioritizedValue {
	for i, p := range ps {
		switch v := p.Value.(type) {
		case boundedLinks:
			ps[i].Value = uncDestinations{v}
		case parser.InlineParser:
			if v == parser.NewLinkParser() {
				ps[i].Value = uncDestinations{v}
			}
		}
	}
	return ps
}
