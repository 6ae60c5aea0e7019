package markdown

import (
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// highlightBudget is how many bytes of fenced code one document may have
// highlighted. Chroma's lexers backtrack and its output is ~15x the input,
// so code past the budget is shown plain. Real posts (30,000 chars) fit.
const highlightBudget = 64 << 10

// highlighter highlights fenced code with chroma, emitting CSS classes only
// (the site ships the stylesheet), and marks the language on <code>.
func highlighter() goldmark.Extender {
	return extendAll{
		highlighting.NewHighlighting(
			highlighting.WithGuessLanguage(false),
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithCodeBlockOptions(func(c highlighting.CodeBlockContext) []chromahtml.Option {
				lang, _ := c.Language()
				return []chromahtml.Option{chromahtml.WithPreWrapper(preWrapper{lang: langClass(string(lang))})}
			}),
		),
		budgetExtender{},
	}
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
	spent := 0
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
		if spent > highlightBudget {
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
