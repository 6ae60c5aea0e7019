package api_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/importer"
	"stackdesk/internal/testkit"
)

// TestImportedPostsGiveMarkdown checks that posts imported without Markdown
// give it, derived from their HTML, wherever the API gives a body: the
// question, its answers, an answer, and the revision history; and that an
// edit through the API starts from that text.
func TestImportedPostsGiveMarkdown(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := importer.Import(context.Background(), env.App.Store, "../../testdata/se-small", importer.Options{}); err != nil {
			t.Fatal(err)
		}
		var q api.QuestionJSON
		env.API(t, "GET", "/questions/1", "", nil).JSON(t, &q)
		if !strings.Contains(q.Body, "error 809") || strings.Contains(q.Body, "<pre") || !strings.Contains(q.BodyHTML, "<pre") {
			t.Errorf("question body = %q, html %q: want Markdown derived from the HTML", q.Body, q.BodyHTML)
		}
		var answers api.ListJSON[api.AnswerJSON]
		env.API(t, "GET", "/questions/1/answers", "", nil).JSON(t, &answers)
		found := false
		for _, a := range answers.Items {
			found = found || a.ID == 3 && strings.Contains(a.Body, "**new certificate**")
		}
		var a api.AnswerJSON
		env.API(t, "GET", "/answers/3", "", nil).JSON(t, &a)
		if !found || !strings.Contains(a.Body, "**new certificate**") {
			t.Errorf("answer 3 in the list %v, alone %q: want its Markdown", found, a.Body)
		}
		var revs api.ListJSON[api.RevisionJSON]
		env.API(t, "GET", "/posts/3/revisions", "", nil).JSON(t, &revs)
		if len(revs.Items) != 1 || revs.Items[0].Body != a.Body {
			t.Errorf("revisions = %+v, want one with the answer's Markdown", revs.Items)
		}

		tok := moderator(t, env)
		body := a.Body + "\n\nRestart the client afterwards."
		res := env.API(t, "PATCH", "/answers/3", tok, map[string]any{"body": body, "revision": 1})
		if res.Status != http.StatusOK {
			t.Fatalf("edit: %d %s", res.Status, res.Body)
		}
		env.API(t, "GET", "/posts/3/revisions", "", nil).JSON(t, &revs)
		if len(revs.Items) != 2 || revs.Items[0].Body != body || revs.Items[1].Body != a.Body {
			t.Errorf("revisions after the edit = %+v, want the edit over the derived text", revs.Items)
		}
	})
}

// TestImportedSharePathsGiveTypedMarkdown checks that an imported post's
// Markdown, derived from its HTML, holds a Windows share's path as a person
// types it, not with the escapes CommonMark needs for a backslash, and
// that this Markdown previews as the imported post shows.
func TestImportedSharePathsGiveTypedMarkdown(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir("../../testdata/se-small")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("../../testdata/se-small", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "Posts.xml" {
			old := "The printer on floor 3 prints blank pages."
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("Posts.xml no longer holds %q", old)
			}
			b = bytes.Replace(b, []byte(old), []byte(`The queue \\print01\floor3\ prints blank pages; the share (\\print01\drivers) is fine.`), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	each(t, func(t *testing.T, env *testkit.Env) {
		if _, err := importer.Import(context.Background(), env.App.Store, dir, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		var q api.QuestionJSON
		env.API(t, "GET", "/questions/4", "", nil).JSON(t, &q)
		want := `The queue \\print01\floor3\ prints blank pages; the share (\\print01\drivers) is fine.`
		if q.Body != want || !strings.Contains(q.BodyHTML, want) {
			t.Fatalf("question body = %q, html %q: want %q in both", q.Body, q.BodyHTML, want)
		}
		_, ada := env.SignUp(t, "ada")
		res := env.API(t, "POST", "/preview", ada, map[string]string{"body": q.Body})
		if html, _ := res.Map(t)["html"].(string); res.Status != http.StatusOK || !strings.Contains(html, want) {
			t.Fatalf("preview of the derived Markdown: %d %s", res.Status, res.Body)
		}
	})
}
