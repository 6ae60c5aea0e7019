package notify_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a store with the write paths that notify, on a clock the test moves.
type fixture struct {
	st    *store.Store
	qa    *qa.Service
	rep   *reputation.Service
	notes *notify.Service
	now   time.Time
}

func newFixture(st *store.Store) *fixture {
	f := &fixture{st: st, now: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	rules := config.Defaults().Reputation
	rules.VoteUp = 0 // fresh accounts vote up here
	f.qa = &qa.Service{Store: st, Now: clock, Rep: rules}
	f.rep = &reputation.Service{Store: st, Now: clock, Rules: rules}
	f.notes = &notify.Service{Store: st, Now: clock, Config: config.Defaults().Notify}
	return f
}

func (f *fixture) user(t *testing.T, name string) *store.User {
	return storetest.User(t, f.st, name, store.RoleUser)
}

func (f *fixture) ask(t *testing.T, u *store.User, body string, tags ...string) *store.Post {
	t.Helper()
	if len(tags) == 0 {
		tags = []string{"vpn"}
	}
	q, err := f.qa.Ask(context.Background(), u, qa.QuestionInput{Title: "The VPN drops every ten minutes",
		Body: body + " Since the update the connection drops.", Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func (f *fixture) answer(t *testing.T, u *store.User, q *store.Post, body string) *store.Post {
	t.Helper()
	a, err := f.qa.Answer(context.Background(), u, q.ID, body+" Reinstall the client and reboot.")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// got is one notification as tests compare them.
type got struct {
	User string
	Type string
}

// inbox lists every notification in id order as (username, type).
func (f *fixture) all(t *testing.T) []got {
	t.Helper()
	var out []got
	if err := f.st.DB.Raw(`SELECT u.username AS user, n.type FROM notifications n JOIN users u ON u.id = n.user_id ORDER BY n.id`).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func same(a, b []got) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
