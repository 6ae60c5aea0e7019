package notify_test

import (
	"fmt"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
)

// refusal is the message id of Ask's refusal, or "" when it took the request.
func refusal(err error) string {
	if err == nil {
		return ""
	}
	if e := errs.As(err); e != nil && e.Code == errs.RateLimited {
		return e.Msg.ID
	}
	return err.Error()
}

// TestResetRequestsAreBounded checks the "forgot password" queue takes a
// login once while it waits, and a burst of requests only up to a site-wide
// limit, after which everyone is told to come back later.
func TestResetRequestsAreBounded(t *testing.T) {
	r := notify.NewResets(&notify.Mailer{}, nil) // not run: requests stay queued
	if refusal(r.Ask("ada", "10.0.0.1")) != "" || refusal(r.Ask(" ADA ", "10.0.0.1")) != "" {
		t.Fatal("ada refused")
	}
	taken := 1
	for i := 0; i < 200 && refusal(r.Ask(fmt.Sprintf("user%d", i), fmt.Sprintf("10.1.0.%d", i))) == ""; i++ {
		taken++
	}
	if taken < 20 || taken > 100 {
		t.Fatalf("took %d requests at once", taken)
	}
	if got := refusal(r.Ask("bob", "10.2.0.1")); got != "forgot.busy" {
		t.Fatalf("past the site's limit: %q, want forgot.busy", got)
	}
	if refusal(r.Ask("ada", "10.2.0.2")) != "" {
		t.Fatal("a login already waiting is refused instead of kept")
	}
}

// TestResetRequestsPerClient: one client takes ten requests at once, then
// is refused, while others still ask: a few clients cannot use up the
// site's budget for everyone.
func TestResetRequestsPerClient(t *testing.T) {
	r := notify.NewResets(&notify.Mailer{}, nil)
	for i := range 10 {
		if got := refusal(r.Ask(fmt.Sprintf("made-up-%d", i), "10.0.0.66")); got != "" {
			t.Fatalf("request %d: %q", i, got)
		}
	}
	if got := refusal(r.Ask("made-up-x", "10.0.0.66")); got != "forgot.too_many" {
		t.Fatalf("the eleventh request of a client: %q, want forgot.too_many", got)
	}
	if got := refusal(r.Ask("ada", "10.0.0.7")); got != "" {
		t.Fatalf("another client: %q", got)
	}
}
