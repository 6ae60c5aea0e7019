package markdown

import (
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// highlightBudget is how many bytes of fenced code one document may have
// highlighted, in at most highlightBlocks blocks. Chroma's lexers backtrack
// and its output is ~15x the input, and each block costs some 0.1 ms
// however small, so code past the budget is shown plain. Real posts (30,000
// chars, a few dozen blocks at most) fit.
const (
	highlightBudget = 64 << 10
	highlightBlocks = 100
)

// highlighter highlights fenced code with chroma, emitting CSS classes only
// (the site ships the stylesheet), and marks the language on <code>.
func highlighter() goldmark.Extender {
	return extendAll{fencedExtender{}, budgetExtender{}}
}

// fencedExtender installs fencedRenderer in place of goldmark-highlighting's
// own registration (same priority, registered after it would be).
type fencedExtender struct{}

// Extend implements goldmark.Extender.
func (fencedExtender) Extend(m goldmark.Markdown) {
	hl := highlighting.NewHTMLRenderer(
		highlighting.WithGuessLanguage(false),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		highlighting.WithCodeBlockOptions(func(c highlighting.CodeBlockContext) []chromahtml.Option {
			lang, _ := c.Language()
			return []chromahtml.Option{chromahtml.WithPreWrapper(preWrapper{lang: langClass(string(lang))})}
		}),
	)
	var fr fencedRenderer
	hl.RegisterFuncs(captureFenced{&fr.highlight})
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&fr, 200)))
}

// captureFenced keeps the fenced-code function a node renderer registers.
type captureFenced struct{ fn *renderer.NodeRendererFunc }

// Register implements renderer.NodeRendererFuncRegisterer.
func (c captureFenced) Register(kind ast.NodeKind, fn renderer.NodeRendererFunc) {
	if kind == ast.KindFencedCodeBlock {
		*c.fn = fn
	}
}

// fencedRenderer highlights fenced code whose language chroma knows by name
// or alias, and shows any other fenced code plain. Chroma's own look-up
// falls back to matching the language against every lexer's file-name
// patterns, some 7 ms a block: a post of many small blocks in made-up
// languages would take seconds to render.
type fencedRenderer struct{ highlight renderer.NodeRendererFunc }

// RegisterFuncs implements renderer.NodeRenderer.
func (r *fencedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *fencedRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	lang := n.Language(source)
	if lang == nil || knownLanguage(string(lang)) {
		return r.highlight(w, source, node, entering)
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(preWrapper{lang: langClass(string(lang))}.Start(true, ""))
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		gmhtml.DefaultWriter.RawWrite(w, line.Value(source))
	}
	_, _ = w.WriteString(preWrapper{}.End(true))
	return ast.WalkContinue, nil
}

// languages holds the names and aliases of chroma's lexers, lower-cased:
// the languages chroma finds without a file-name search.
var languages = map[string]bool{}

// init fills languages, first making each file extension that only one
// lexer claims (*.yml, *.cs, *.kt ...) an alias of that lexer, so that
// ```yml finds YAML by alias as it did by file name. It runs before any
// rendering, since chroma's registry is not safe to change concurrently.
func init() {
	reg := lexers.GlobalLexerRegistry
	claims := map[string][]chroma.Lexer{}
	for _, l := range reg.Lexers {
		c := l.Config()
		languages[strings.ToLower(c.Name)] = true
		for _, a := range c.Aliases {
			languages[strings.ToLower(a)] = true
		}
		for _, f := range c.Filenames {
			if ext, ok := strings.CutPrefix(f, "*."); ok && extRE.MatchString(ext) {
				claims[strings.ToLower(ext)] = append(claims[strings.ToLower(ext)], l)
			}
		}
	}
	for ext, ls := range claims {
		if len(ls) != 1 || languages[ext] {
			continue
		}
		c := ls[0].Config()
		c.Aliases = append(c.Aliases, ext)
		reg.Register(ls[0])
		languages[ext] = true
	}
}

// extRE matches a plain file extension (not a pattern).
var extRE = regexp.MustCompile(`^[A-Za-z0-9+#_-]+$`)

// knownLanguage reports whether chroma has a lexer named or aliased lang.
func knownLanguage(lang string) bool {
	return languages[strings.ToLower(lang)]
}

// budgetExtender installs budgetTransformer.
type budgetExtender struct{}

// Extend implements goldmark.Extender.
func (budgetExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(budgetTransformer{}, 1000)))
}

// budgetTransformer marks fenced code blocks "nohl" once the document's
// highlight budget is spent.
type budgetTransformer struct{}

// Transform implements parser.ASTTransformer.
func (budgetTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	spent, blocks := 0, 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		code, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		lines := code.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			spent += seg.Len()
		}
		blocks++
		if spent > highlightBudget || blocks > highlightBlocks {
			code.SetAttributeString("nohl", true)
		}
		return ast.WalkSkipChildren, nil
	})
}

// preWrapper writes <pre class="chroma"><code class="language-x">.
type preWrapper struct{ lang string }

// Start implements chromahtml.PreWrapper.
func (p preWrapper) Start(code bool, styleAttr string) string {
	if !code {
		return "<pre" + styleAttr + ">"
	}
	if p.lang == "" {
		return "<pre" + styleAttr + "><code>"
	}
	return "<pre" + styleAttr + `><code class="language-` + p.lang + `">`
}

// End implements chromahtml.PreWrapper.
func (p preWrapper) End(code bool) string {
	if code {
		return "</code></pre>\n"
	}
	return "</pre>"
}

// langClass keeps only the characters the class policy accepts, so the
// marker is never HTML-significant.
func langClass(lang string) string {
	if len(lang) > 32 {
		return ""
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("_+#.-", r):
			return r
		}
		return -1
	}, lang)
}
