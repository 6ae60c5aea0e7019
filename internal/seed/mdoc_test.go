package seed

import (
	"math/rand/v2"
	"testing"

	"stackdesk/internal/markdown"
)

// TestGeneratedHTMLMatchesRenderer holds the fast HTML writer to the site's
// renderer: generated posts must look exactly as if a user had typed them.
func TestGeneratedHTMLMatchesRenderer(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(kind, md, got string) {
		t.Helper()
		render, name := markdown.Render, "markdown.Render"
		if kind == "comment" {
			render, name = markdown.RenderComment, "markdown.RenderComment"
		}
		if want := render(md); got != want {
			t.Fatalf("%s: HTML differs from %s\nmarkdown:\n%s\n--- got:\n%s\n--- want:\n%s", kind, name, md, got, want)
		}
	}
	for i := 0; i < 1500; i++ {
		ti := r.IntN(len(topics))
		de := r.IntN(3) == 0
		var plat *platform
		if r.IntN(2) == 0 {
			plat = &platforms[r.IntN(len(platforms))]
		}
		howto := r.IntN(2) == 0
		_, q := genQuestion(r, topics[ti], de, howto, plat)
		check("question", q.markdown(), q.html())
		a := genAnswer(r, topics[ti], de, howto)
		check("answer", a.markdown(), a.html())
		c := genComment(r, de)
		check("comment", c, paraHTML(c))
	}
	for key, s := range snippets {
		d := &mdoc{}
		d.para("Intro with `code`.")
		d.code(s)
		d.para("After.")
		check("snippet "+key, d.markdown(), d.html())
	}
}
