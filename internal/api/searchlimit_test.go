package api_test

import (
	"net/http"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSearchesHaveABudget: past its burst, one client's searches are 429
// with Retry-After, on the API and the page alike; another member's are
// not, and other reads stay open to the first.
func TestSearchesHaveABudget(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.SearchRate, c.SearchBurst = 1, 3 })
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	env.Ask(t, ada, "VPN disconnects every ten minutes", "vpn")
	env.Searchable(t)
	for i := 0; i < 3; i++ {
		if res := env.API(t, "GET", "/search?q=vpn", ada, nil); res.Status != http.StatusOK {
			t.Fatalf("search %d: %d", i+1, res.Status)
		}
	}
	res := env.API(t, "GET", "/questions/similar?title=vpn+drops", ada, nil)
	if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("past the burst: %d (Retry-After %q), want 429 with Retry-After", res.Status, res.Header.Get("Retry-After"))
	}
	if res := env.API(t, "GET", "/search?q=vpn", bob, nil); res.Status != http.StatusOK {
		t.Errorf("another member's search: %d", res.Status)
	}
	if res := env.API(t, "GET", "/questions", ada, nil); res.Status != http.StatusOK {
		t.Errorf("a list after the searches: %d", res.Status)
	}

	// A help session's reads search again for its suggestions: they count.
	_, cat := env.SignUp(t, "cat")
	res = env.API(t, "POST", "/help-sessions", cat, map[string]string{"query": "vpn disconnects"})
	if res.Status != http.StatusCreated {
		t.Fatalf("help session: %d %s", res.Status, res.Body)
	}
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	codes := []int{}
	for i := 0; i < 4; i++ {
		codes = append(codes, env.API(t, "GET", path, cat, nil).Status)
	}
	if codes[2] != http.StatusOK || codes[3] != http.StatusTooManyRequests {
		t.Errorf("reads of a help session: %v, want three 200 then 429", codes)
	}
}
