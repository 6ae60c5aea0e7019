package markdown

import (
	"strings"
	"testing"
	"time"
)

// TestHighlightBlockBudget checks that a document highlights at most
// highlightBlocks fenced blocks and shows the rest plain, language marker
// kept.
func TestHighlightBlockBudget(t *testing.T) {
	out := Render(strings.Repeat("```go\nx := 1\n```\n\n", highlightBlocks+5))
	if got := strings.Count(out, `<pre class="chroma"><code class="language-go">`); got != highlightBlocks {
		t.Errorf("%d blocks highlighted, want %d", got, highlightBlocks)
	}
	if got := strings.Count(out, `<pre><code class="language-go">x := 1`); got != 5 {
		t.Errorf("%d blocks plain, want 5", got)
	}
}

// TestUnknownLanguagesRenderFast renders a post-sized document of small
// blocks in languages chroma does not know. Chroma's own look-up tries every
// lexer's file-name patterns for such a name, some 7 ms a block (seconds
// for this document); the renderer looks names up in a table instead.
func TestUnknownLanguagesRenderFast(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 30000; i++ { // the largest post body
		b.WriteString("```lang" + strings.Repeat("x", i%7) + "\ny\n```\n\n")
	}
	start := time.Now()
	out := Render(b.String())
	if took := time.Since(start); took > time.Second {
		t.Errorf("%d bytes of code blocks took %v to render", b.Len(), took)
	}
	if !strings.Contains(out, `<pre><code class="language-langxxx">y`) {
		t.Errorf("unknown language not marked: %.200s", out)
	}
	for _, lang := range []string{"Go", "PY", "bash", "c#", "yaml", "yml", "cs", "kt", "patch"} {
		if !knownLanguage(lang) {
			t.Errorf("knownLanguage(%q) = false", lang)
		}
	}
}

// TestExtensionsHighlight checks that a language given by its file
// extension, as people write ```yml or ```cs, is highlighted.
func TestExtensionsHighlight(t *testing.T) {
	for lang, want := range map[string]string{"yml": `<span class="nt">key</span>`, "cs": `<span class="kt">int</span>`} {
		src := map[string]string{"yml": "key: value\n", "cs": "int x = 1;\n"}[lang]
		out := Render("```" + lang + "\n" + src + "```\n")
		if !strings.Contains(out, `<pre class="chroma"><code class="language-`+lang+`">`) || !strings.Contains(out, want) {
			t.Errorf("```%s not highlighted: %s", lang, out)
		}
	}
}
