package notify_test

import (
	"fmt"
	"testing"

	"stackdesk/internal/notify"
)

// TestResetRequestsAreBounded checks the "forgot password" queue takes a
// login once while it waits, and a burst of requests only up to a site-wide
// limit, after which everyone is told to come back later.
func TestResetRequestsAreBounded(t *testing.T) {
	r := notify.NewResets(&notify.Mailer{}, nil) // not run: requests stay queued
	if !r.Ask("ada") || !r.Ask(" ADA ") {
		t.Fatal("ada refused")
	}
	taken := 1
	for i := 0; i < 100 && r.Ask(fmt.Sprintf("user%d", i)); i++ {
		taken++
	}
	if taken < 10 || taken > 30 {
		t.Fatalf("took %d requests at once", taken)
	}
	if !r.Ask("ada") {
		t.Fatal("a login already waiting is refused instead of kept")
	}
}
