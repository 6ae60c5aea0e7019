package errs

import (
	"testing"
	"time"
)

// TestSpanUnit: a span is said in the unit that fits, rounded up.
func TestSpanUnit(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "1 second"},
		{300 * time.Millisecond, "1 second"},
		{30 * time.Second, "30 seconds"},
		{90 * time.Second, "90 seconds"},
		{time.Minute, "1 minute"},
		{119*time.Second + time.Millisecond, "2 minutes"},
		{2 * time.Minute, "2 minutes"},
		{90*time.Minute + time.Second, "91 minutes"},
		{2 * time.Hour, "2 hours"},
		{22*time.Hour + time.Second, "23 hours"},
		{24 * time.Hour, "24 hours"},
		{72 * time.Hour, "3 days"},
		{7 * 24 * time.Hour, "7 days"},
	} {
		if got := Span(c.d).String(); got != c.want {
			t.Errorf("Span(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}
