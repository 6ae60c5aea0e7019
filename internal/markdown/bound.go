package markdown

import (
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark's inline parsing takes time that grows with the square of a
// paragraph's length for some runs of punctuation, so one 30,000-character
// post could take seconds on every preview and save:
//
//   - "[](" repeated: at each "](" the link parser reads the destination
//     to the first space or the end of the line (parseLinkDestination), and
//     when no ")" follows, the same rest of the line is read again at the
//     next "](" ("[](<" and "![](" alike).
//   - "*a_" repeated: emphasis delimiters are matched once the paragraph is
//     read (ProcessDelimiters), and every closer that finds no opener of its
//     kind walks back over all earlier delimiters, which here are openers of
//     the other kind.
//   - "[" repeated, then "]" repeated: each "]" looks through all that
//     follows its "[" for a link (a link inside a link's text is none).
//
// The bound works inside goldmark's block structure, per inline block (a
// paragraph, a heading, a table cell), by wrapping its link, emphasis and
// strikethrough parsers:
//
//   - A delimiter run that can neither open nor close ("_" inside a word)
//     never matches, so it is added as the text it is instead of as a
//     delimiter: the same output, and nothing for closers to walk over.
//   - After maxDelimiters runs that can open or close, further runs of the
//     block are literal text.
//   - After maxOpenBrackets open "[" or "![", further ones are literal text.
//   - Every "](" whose inline link fails costs at most the rest of the
//     block; once those costs pass linkBudget for the block, a "](" is no
//     longer tried as an inline link: its brackets stay text (or a
//     reference link, when one is defined).
//
// So a block's work is linear in its length; the limits are far above what
// posts hold (the differential test renders every post of the Stack
// Exchange dumps with and without them), and what they change is only that
// later runs of the same block show as the characters written.
const (
	maxDelimiters   = 500
	maxOpenBrackets = 128
)

// linkBudget is how many bytes the inline links of a block of n bytes may
// read in vain: eight times the block, and 64 KB for short blocks.
func linkBudget(n int) int { return 8*n + 64<<10 }

// boundKey holds the current block's boundState in the parser context.
var boundKey = parser.NewContextKey()

// boundState is the work done so far in one inline block.
type boundState struct {
	block  ast.Node
	delims int // delimiter runs that can open or close
	open   int // "[" and "![" not yet closed by a "]"
	spent  int // bytes failed inline links may have read
	budget int
	end    int // where the block's text ends in the source
}

// stateFor returns the boundState of block, a new one when the parser has
// moved on to another block.
func stateFor(pc parser.Context, block ast.Node, r text.Reader) *boundState {
	if st, ok := pc.Get(boundKey).(*boundState); ok && st.block == block {
		return st
	}
	st := &boundState{block: block, end: len(r.Source())}
	start := st.end
	if lines := block.Lines(); lines.Len() > 0 {
		start, st.end = lines.At(0).Start, lines.At(lines.Len()-1).Stop
	}
	st.budget = linkBudget(st.end - start)
	pc.Set(boundKey, st)
	return st
}

// literal consumes the next n bytes of r as a text node.
func literal(r text.Reader, n int) ast.Node {
	_, seg := r.PeekLine()
	r.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// boundedInlineParsers is goldmark's default inline parsers with the link
// and emphasis parsers bounded.
func boundedInlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	for i, p := range ps {
		if ip, ok := p.Value.(parser.InlineParser); ok {
			ps[i].Value = bound(ip)
		}
	}
	return ps
}

// bound wraps goldmark's link, emphasis and strikethrough parsers (as
// NewLinkParser, NewEmphasisParser and NewStrikethroughParser return them)
// with the limits above; other parsers are returned as they are.
func bound(p parser.InlineParser) parser.InlineParser {
	switch p {
	case parser.NewLinkParser():
		return boundedLinks{p}
	case parser.NewEmphasisParser():
		return boundedDelims{p, 0}
	case extension.NewStrikethroughParser():
		return boundedDelims{p, 2}
	}
	return p
}

// boundedParser returns a goldmark parser with the bounded inline parsers.
func boundedParser() goldmark.Option {
	return goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(blockParsers()...),
		parser.WithInlineParsers(withUNCDestinations(boundedInlineParsers())...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	))
}

// boundedDelims wraps an inline parser that pushes delimiter runs (emphasis,
// strikethrough). maxLen, when not 0, is the longest run the parser takes.
type boundedDelims struct {
	inner  parser.InlineParser
	maxLen int
}

// Trigger implements parser.InlineParser.
func (p boundedDelims) Trigger() []byte { return p.inner.Trigger() }

// anyDelim is a delimiter processor taking every character, to scan a run as
// the wrapped parser will (ScanDelimiter's flanking rules depend on the
// character, not on the processor).
type anyDelim struct{}

func (anyDelim) IsDelimiter(byte) bool                     { return true }
func (anyDelim) CanOpenCloser(_, _ *parser.Delimiter) bool { return false }
func (anyDelim) OnMatch(int) ast.Node                      { return nil }

// scan reads the run at r as the wrapped parser will, and the character
// before it.
func (p boundedDelims) scan(r text.Reader) (*parser.Delimiter, rune) {
	before := r.PrecendingCharacter()
	line, _ := r.PeekLine()
	return parser.ScanDelimiter(line, before, 1, anyDelim{}), before
}

// Parse implements parser.InlineParser.
func (p boundedDelims) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	d, before := p.scan(block)
	if d == nil || (p.maxLen > 0 && (d.OriginalLength > p.maxLen || before == rune(d.Char))) {
		return p.inner.Parse(parent, block, pc) // not a run the parser takes
	}
	if !d.CanOpen && !d.CanClose {
		return literal(block, d.OriginalLength) // never matched: text either way
	}
	st := stateFor(pc, parent, block)
	if st.delims >= maxDelimiters {
		return literal(block, d.OriginalLength)
	}
	st.delims++
	return p.inner.Parse(parent, block, pc)
}

// boundedLinks wraps goldmark's link parser.
type boundedLinks struct {
	inner parser.InlineParser
}

// Trigger implements parser.InlineParser.
func (p boundedLinks) Trigger() []byte { return p.inner.Trigger() }

// CloseBlock implements parser.CloseBlocker: the wrapped parser turns the
// brackets left open into text.
func (p boundedLinks) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	p.inner.(parser.CloseBlocker).CloseBlock(parent, block, pc)
	pc.Set(boundKey, nil)
}

// Parse implements parser.InlineParser.
func (p boundedLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return p.inner.Parse(parent, block, pc)
	}
	st := stateFor(pc, parent, block)
	switch line[0] {
	case '!', '[':
		n := 1
		if line[0] == '!' {
			if len(line) < 2 || line[1] != '[' {
				return p.inner.Parse(parent, block, pc)
			}
			n = 2
		}
		if st.open >= maxOpenBrackets {
			return literal(block, n)
		}
		node := p.inner.Parse(parent, block, pc)
		if node != nil {
			st.open++
		}
		return node
	}
	// line[0] == ']': it closes the last open bracket, if any.
	r := linkReader{Reader: block, lines: parent.Lines(), noParen: -1}
	if st.open == 0 {
		return p.inner.Parse(parent, r, pc)
	}
	st.open--
	if len(line) < 2 || line[1] != '(' {
		return p.inner.Parse(parent, r, pc)
	}
	if st.spent > st.budget {
		r.noParen = seg.Start + 1
		return p.inner.Parse(parent, r, pc)
	}
	node := p.inner.Parse(parent, r, pc)
	if _, pos := block.Position(); pos.Start == seg.Start+1 {
		// Back just after the "]": no inline link, having read at most
		// the rest of the block.
		st.spent += st.end - seg.Start
	}
	return node
}

// linkReader is the block's reader as the link parser sees it at a "]".
// Its Value finds the segment's first line by binary search where
// goldmark's walks back from the block's last line, which made every "]"
// of a block of many lines cost as many steps as the block has lines; the
// bytes are the same. When noParen is not -1, Peek there shows no "(", so
// that the link parser does not try the "](" there as an inline link.
type linkReader struct {
	text.Reader
	lines   *text.Segments
	noParen int
}

// Peek implements text.Reader.
func (r linkReader) Peek() byte {
	if r.noParen >= 0 {
		if _, pos := r.Reader.Position(); pos.Start == r.noParen {
			return ' '
		}
	}
	return r.Reader.Peek()
}

// Value implements text.Reader as goldmark's block reader does.
func (r linkReader) Value(seg text.Segment) []byte {
	n := r.lines.Len()
	if n == 0 {
		return r.Reader.Value(seg)
	}
	// The last line starting at or before seg.Start.
	line := sort.Search(n, func(i int) bool { return r.lines.At(i).Start > seg.Start }) - 1
	if line < 0 {
		return r.Reader.Value(seg)
	}
	source := r.Reader.Source()
	ret := make([]byte, 0, seg.Stop-seg.Start+1)
	i := seg.Start
	for ; line < n; line++ {
		s := r.lines.At(line)
		if i < 0 {
			i = s.Start
		}
		ret = s.ConcatPadding(ret)
		for ; i < seg.Stop && i < s.Stop; i++ {
			ret = append(ret, source[i])
		}
		i = -1
		if s.Stop > seg.Stop {
			break
		}
	}
	return ret
}

// boundedStrikethrough is goldmark's GFM strikethrough with its parser bounded.
type boundedStrikethrough struct{}

// Extend implements goldmark.Extender.
func (boundedStrikethrough) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(bound(extension.NewStrikethroughParser()), 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500)))
}
