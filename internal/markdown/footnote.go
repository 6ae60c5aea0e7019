package markdown

import (
	"fmt"
	"hash/fnv"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Footnotes ("text[^1]" with a line "[^1]: note") link to their notes at
// the end of the post and back by id. A question page shows several posts,
// and posts are rendered before they have an id, so each post's footnote
// ids start with a prefix taken from a hash of its Markdown: "fn-" and
// eight hex digits. Two posts with the same prefix (the same Markdown, or
// a chance of one in four billion) at worst make a footnote link jump to
// the other post's note.

// footnoteMetaKey is where noteIDs leaves a document's prefix for the
// footnote renderer.
const footnoteMetaKey = "stackdesk-footnote-prefix"

// footnoteIDRe matches exactly the ids our footnotes carry: fixup keeps these
// (on sup and li) and drops every other id.
var footnoteIDRe = regexp.MustCompile(`^fn-[0-9a-f]{8}-fn(?:ref[0-9]{0,9})?:[0-9]{1,9}$`)

// footnotes returns goldmark's footnote extension with per-post id prefixes.
func footnotes() goldmark.Extender {
	return extendAll{
		extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
		noteIDExtender{},
	}
}

// footnotePrefix returns the id prefix noteIDs stored on n's document.
func footnotePrefix(n ast.Node) []byte {
	if doc := n.OwnerDocument(); doc != nil {
		if p, ok := doc.Meta()[footnoteMetaKey].([]byte); ok {
			return p
		}
	}
	return []byte("fn-00000000-")
}

// noteIDExtender installs noteIDs.
type noteIDExtender struct{}

// Extend implements goldmark.Extender.
func (noteIDExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(noteIDs{}, 100)))
}

// noteIDs stores the document's footnote id prefix, from a hash of its
// source, in the document's metadata.
type noteIDs struct{}

// Transform implements parser.ASTTransformer.
func (noteIDs) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	doc.AddMeta(footnoteMetaKey, []byte(notePrefix(reader.Source())))
}

// notePrefix is the footnote id prefix of a post's Markdown, as rendered.
func notePrefix(src []byte) string {
	h := fnv.New32a()
	_, _ = h.Write(src)
	return fmt.Sprintf("fn-%08x-", h.Sum32())
}
