package api_test

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"stackdesk/internal/api"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestOpenAPIDescribesEveryRoute checks the served document against the
// router: every API route is documented, and every documented route exists.
var operationIDRE = regexp.MustCompile(`^[a-z]+(_[a-z0-9]+)+$`)

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	res := env.API(t, "GET", "/openapi.json", "", nil)
	if res.Status != 200 {
		t.Fatalf("openapi.json: %d", res.Status)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
		Comps   struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	res.JSON(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	ids := map[string]string{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
			if op["responses"] == nil || op["summary"] == "" {
				t.Errorf("%s %s lacks responses or summary", method, path)
			}
			// Client generators turn operationIds into names.
			id, _ := op["operationId"].(string)
			if !operationIDRE.MatchString(id) {
				t.Errorf("%s %s: operationId %q", method, path, id)
			}
			if other, dup := ids[id]; dup {
				t.Errorf("operationId %q for both %s and %s %s", id, other, method, path)
			}
			ids[id] = method + " " + path
		}
	}
	routed := map[string]bool{}
	for _, r := range env.App.Web.Echo.Routes() {
		if !strings.HasPrefix(r.Path, api.Prefix+"/") || r.Path == api.Prefix+"/openapi.json" {
			continue
		}
		routed[r.Method+" "+api.OpenAPIPath(strings.TrimPrefix(r.Path, api.Prefix))] = true
	}
	var missing, extra []string
	for k := range routed {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !routed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("undocumented routes %v; documented but not routed %v", missing, extra)
	}
	if len(routed) < 20 {
		t.Fatalf("only %d API routes found", len(routed))
	}
	for _, name := range []string{"Question", "Answer", "User", "Error", "QuestionList"} {
		if doc.Comps.Schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
}

// readmeQueryRE finds a route with its query in README.md, as in
// `GET /audit?action=&target_type=user\|post` or `GET /api/v1/search?q=&sort=...`.
var readmeQueryRE = regexp.MustCompile("`GET (/[a-z0-9/{}_-]+)\\?([^`]+)`")

// TestOpenAPINamesTheQueryParametersOfREADME: every query parameter the
// README gives a route is a parameter of that route in the OpenAPI
// document, which client generators read.
func TestOpenAPINamesTheQueryParametersOfREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	env := testkit.Boot(t, store.SQLite)
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string } `json:"parameters"`
		} `json:"paths"`
	}
	env.API(t, "GET", "/openapi.json", "", nil).JSON(t, &doc)
	found := 0
	for _, m := range readmeQueryRE.FindAllStringSubmatch(string(readme), -1) {
		path := strings.TrimPrefix(m[1], api.Prefix)
		op, ok := doc.Paths[path]["get"]
		if !ok {
			t.Errorf("README names GET %s, which the OpenAPI document lacks", path)
			continue
		}
		declared := map[string]bool{}
		for _, p := range op.Parameters {
			if p.In == "query" {
				declared[p.Name] = true
			}
		}
		for _, pair := range strings.Split(m[2], "&") {
			name, _, _ := strings.Cut(pair, "=")
			found++
			if !declared[name] {
				t.Errorf("README gives GET %s the parameter %q; the OpenAPI document does not", path, name)
			}
		}
	}
	if found < 10 {
		t.Fatalf("only %d query parameters found in README.md", found)
	}
}

// TestOpenAPIListsConflicts: the routes that can answer 409 list it among
// their responses (a second close vote or flag, a closed question, an edit
// of an older revision, a ticket resolved meanwhile), every route whose
// summary speaks of a 409 among them, and a read lists none.
func TestOpenAPIListsConflicts(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	res := env.API(t, "GET", "/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			Summary   string         `json:"summary"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	res.JSON(t, &doc)
	for _, want := range []string{"post /questions/{id}/close-votes", "delete /questions/{id}/close-votes",
		"post /posts/{id}/flags", "post /comments/{id}/flags", "patch /questions/{id}", "post /tickets/{id}/assignment"} {
		method, path, _ := strings.Cut(want, " ")
		if _, ok := doc.Paths[path][method].Responses["409"]; !ok {
			t.Errorf("%s lists no 409", want)
		}
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			_, has := op.Responses["409"]
			if strings.Contains(op.Summary, "409") && !has {
				t.Errorf("%s %s speaks of a 409 but lists none", method, path)
			}
			if method == "get" && has {
				t.Errorf("get %s lists a 409", path)
			}
		}
	}
}
