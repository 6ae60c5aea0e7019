package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/testkit"
	"stackdesk/internal/text"
)

// TestZalgoTagsAreRefused: a tag whose letters carry piles of combining
// marks ("Zalgo" text, as the bad-input corpus has it) is refused, saying
// why in the reader's language, while tags of scripts that write marks on
// their letters (Hindi, Thai, Vietnamese typed decomposed) are made.
func TestZalgoTagsAreRefused(t *testing.T) {
	var zalgo []string
	for _, p := range corpus(t) {
		for _, w := range strings.Fields(p) {
			run, most := 0, 0
			for _, r := range norm.NFKC.String(w) {
				if unicode.IsMark(r) {
					run++
					most = max(most, run)
				} else {
					run = 0
				}
			}
			if most > text.TagMarksMax && len(zalgo) < 40 {
				zalgo = append(zalgo, w)
			}
		}
	}
	if len(zalgo) < 20 {
		t.Fatalf("only %d words of stacked marks in the corpus", len(zalgo))
	}
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		for i, tag := range zalgo {
			res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "Stacked marks in a tag " + itoa(int64(i)),
				"body": "A body that is long enough to be valid.", "tags": []string{tag}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("tag %q: %d %s", tag, res.Status, res.Body)
			}
			fields, _ := res.Map(t)["error"].(map[string]any)["fields"].(map[string]any)
			if msg, _ := fields["tags"].(string); !strings.Contains(msg, "may carry at most 4 accents or other marks") {
				// A tag refused for its characters anyway (a '!' in it) says that instead.
				if !strings.Contains(msg, "lower-case letters") {
					t.Fatalf("tag %q: message %q", tag, msg)
				}
			}
		}
		// The review's tag, in German.
		body, _ := json.Marshal(map[string]any{"title": "Gestapelte Zeichen im Tag", "body": "Ein Text, der lang genug ist.", "tags": []string{"Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮"}})
		req, _ := http.NewRequest("POST", env.URL+"/api/v1/questions", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "de")
		resp, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Error struct{ Fields map[string]string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(e.Error.Fields["tags"], "Ein Buchstabe darf höchstens 4 Akzente oder andere Zeichen tragen") {
			t.Fatalf("German refusal: %d %v %v", resp.StatusCode, e.Error.Fields, err)
		}
		for i, tag := range []string{"हिन्दी", "पढ़ें", "བསྒྲུབས", "ภาษาไทย", "กื้", "tie\u0302\u0301ng", "vie\u0323\u0302t", "bürodrucker"} {
			res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "A tag in its own script " + itoa(int64(i)),
				"body": "A body that is long enough to be valid.", "tags": []string{tag}})
			if res.Status != http.StatusCreated {
				t.Fatalf("tag %q refused: %d %s", tag, res.Status, res.Body)
			}
		}
	})
}
