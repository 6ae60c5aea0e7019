package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSolvedThanksSayWhenTheyPay: after "This solved my problem" the thanks
// say the word rewards the answer's author only when it did (a member who
// may vote up, not their own answer); a new member is thanked without that
// promise, as a visitor is.
func TestSolvedThanksSayWhenTheyPay(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(cfg *config.Config) { cfg.Reputation.VoteUp = 15 })
	qid := answeredQuestion(t, env)
	for _, c := range []struct {
		name string
		rep  int
		pays bool
	}{{"newbie", 1, false}, {"regular", 15, true}} {
		b := newBrowser(env)
		b.signUp(t, c.name)
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", c.name).Update("reputation", c.rep).Error; err != nil {
			t.Fatal(err)
		}
		res := b.post(t, "/help", "/help", url.Values{"query": {"vpn drops every ten minutes"}})
		sid := helpPathRE.FindStringSubmatch(res.Header.Get("Location"))[1]
		b.get(t, "/help/"+sid+"/open/"+qid)
		res = b.post(t, "/questions/"+qid+"?help="+sid, "/help/solved", url.Values{"session": {sid}, "question_id": {qid}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("%s: solved: %d", c.name, res.Status)
		}
		done := b.get(t, res.Header.Get("Location"))
		if got := strings.Contains(string(done.Body), "Your feedback rewards the colleague who wrote the answer."); got != c.pays {
			t.Errorf("%s: the thanks promise a reward: %v, want %v", c.name, got, c.pays)
		}
		contains(t, done, "Glad it helped!")
	}
}
