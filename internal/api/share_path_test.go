package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/testkit"
)

// TestSharePathsShowAsTypedEverywhere: a Windows share's path in a
// question shows as typed in the preview and the stored post, which agree,
// and in the search hit's text (indexed from the stored HTML).
func TestSharePathsShowAsTypedEverywhere(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		body := `The printer \\print01\floor2 is gone; \\fs01.corp.example\c$\drivers (or \\10.0.0.5\drivers) still works.`
		res := env.API(t, "POST", "/preview", ada, map[string]string{"body": body})
		preview, _ := res.Map(t)["html"].(string)
		want := `The printer \\print01\floor2 is gone; \\fs01.corp.example\c$\drivers (or \\10.0.0.5\drivers) still works.`
		if res.Status != http.StatusOK || !strings.Contains(preview, want) {
			t.Fatalf("preview: %d %s", res.Status, res.Body)
		}
		res = env.API(t, "POST", "/questions", ada, map[string]any{"title": "Printer on floor 2 vanished from the list", "body": body, "tags": []string{"printer"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		q := res.Map(t)
		if q["body_html"] != preview {
			t.Fatalf("stored HTML %q differs from the preview %q", q["body_html"], preview)
		}
		env.Searchable(t)
		var sr struct {
			Items []struct {
				Highlight string `json:"highlight"`
			} `json:"items"`
		}
		env.API(t, "GET", "/search?q="+url.QueryEscape("floor2 drivers"), "", nil).JSON(t, &sr)
		if len(sr.Items) != 1 || !strings.Contains(sr.Items[0].Highlight, `\\print01\`) || !strings.Contains(sr.Items[0].Highlight, `\\10.0.0.5\`) {
			t.Fatalf("search: %+v", sr)
		}
	})
}
