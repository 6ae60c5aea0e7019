package markdown

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// textSet is a named list of texts to render.
type textSet struct {
	name  string
	texts []string
}

// TestBoundRendersAsGoldmark is the safety net of the inline bound (see
// bound.go): every post and comment of the shared Stack Exchange dumps (the
// posts as Markdown derived from their HTML, as an edit of an imported post
// has it) and every line of the bad-input corpora is rendered with the
// bound and without it, and the HTML must be the same, byte for byte, as
// Render, RenderComment and the plain text of search show it.
func TestBoundRendersAsGoldmark(t *testing.T) {
	posts, comments := stackExchangeTexts(t)
	if len(posts) < 3000 || len(comments) < 3000 {
		t.Fatalf("read %d posts and %d comments, want the dumps' 3,599 posts and more than 3,000 comments", len(posts), len(comments))
	}
	var corpora []string
	for _, c := range loadCorpora(t) {
		corpora = append(corpora, c.lines...)
	}
	renderAlike(t, []textSet{
		{"Stack Exchange posts", posts},
		{"Stack Exchange comments", comments},
		{"bad-input corpora", corpora},
	})
}

// TestBoundRendersGoldmarkExamplesAsGoldmark is TestBoundRendersAsGoldmark
// for every example of goldmark's own CommonMark and extension tests and
// every string literal of this package's tests.
func TestBoundRendersGoldmarkExamplesAsGoldmark(t *testing.T) {
	examples := goldmarkExamples(t)
	if len(examples) < 600 {
		t.Fatalf("read %d goldmark examples, want the CommonMark spec's 650 and more", len(examples))
	}
	renderAlike(t, []textSet{
		{"goldmark examples", examples},
		{"test literals", testLiterals(t)},
	})
}

// renderAlike renders every text of sets with the bound and without it.
func renderAlike(t *testing.T, sets []textSet) {
	t.Helper()
	refMD, refPlain, refComment := newMD(false), newPlainMD(false), newCommentMD(false)
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			differ := 0
			for _, src := range set.texts {
				same := func(what, got, want string) {
					if got != want {
						if differ++; differ <= 5 {
							t.Errorf("%s of %q:\nbounded:  %q\ngoldmark: %q", what, src, got, want)
						}
					}
				}
				same("Render", Render(src), render(refMD, src))
				same("plain HTML", toHTML(plainMD, src), toHTML(refPlain, src))
				same("RenderComment", RenderComment(src), renderComment(refComment, src))
			}
			if differ > 0 {
				t.Errorf("%d of %d renderings differ", differ, 3*len(set.texts))
			}
		})
	}
}

// stackExchangeTexts reads the questions and answers of the shared dumps as
// Markdown derived from their HTML, and their comments as written.
func stackExchangeTexts(t *testing.T) (posts, comments []string) {
	t.Helper()
	dir := filepath.Join(filepath.Dir(corpusDir(t)), "stackexchange")
	for _, site := range []string{"cardano.stackexchange.com", "raspberrypi.meta.stackexchange.com"} {
		eachRow(t, filepath.Join(dir, site, "Posts.xml"), func(attr map[string]string) {
			if attr["PostTypeId"] == "1" || attr["PostTypeId"] == "2" {
				posts = append(posts, ToMarkdown(SanitizeHTML(attr["Body"])))
			}
		})
		eachRow(t, filepath.Join(dir, site, "Comments.xml"), func(attr map[string]string) {
			comments = append(comments, attr["Text"])
		})
	}
	return posts, comments
}

// eachRow calls fn with the attributes of every row of a dump file.
func eachRow(t *testing.T, path string, fn func(map[string]string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		missingCorpus(t, path, err)
		return
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if row, ok := tok.(xml.StartElement); ok && row.Name.Local == "row" {
			attr := map[string]string{}
			for _, a := range row.Attr {
				attr[a.Name.Local] = a.Value
			}
			fn(attr)
		}
	}
}

// goldmarkExamples returns the Markdown of goldmark's own test examples:
// the CommonMark spec, its extra cases and its extensions' cases.
func goldmarkExamples(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Fatalf("locate goldmark: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	b, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Fatalf("read spec: %v", err)
	}
	var spec []struct{ Markdown string }
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("decode spec: %v", err)
	}
	var examples []string
	for _, ex := range spec {
		examples = append(examples, ex.Markdown)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "extension", "_test", "*.txt"))
	files = append(files, filepath.Join(dir, "_test", "extra.txt"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		// Cases end at "//= = =…//" lines; their parts are separated by
		// "//- - -…//" lines: number, Markdown, HTML.
		for _, c := range strings.Split(string(b), "//= = = = = = = = = = = = = = = = = = = = = = = =//") {
			parts := strings.Split(c, "//- - - - - - - - -//\n")
			if len(parts) >= 3 {
				examples = append(examples, strings.ReplaceAll(parts[1], "→", "\t"))
			}
		}
	}
	return examples
}

// testLiterals returns every string constant in this package's tests.
func testLiterals(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("*_test.go")
	fset := token.NewFileSet()
	var out []string
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	out = append(out, samplePost)
	for _, d := range dangerous {
		out = append(out, d.src)
	}
	return out
}
