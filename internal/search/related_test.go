package search

import (
	"context"
	"slices"
	"testing"
)

func TestRelated(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Outlook keeps asking for my password", "Since Monday it asks every hour.", tags("outlook", "single-sign-on")),
		question(2, "Mail client prompts for credentials again and again", "Each morning.", tags("outlook")),
		question(3, "Outlook password prompt loops", "Typed it many times.", accepted("Clear the cached credentials.", 4)),
		question(4, "Printer toner empty", "Where do I get toner?", tags("printer")),
		question(5, "SSO login fails in the browser", "Error page after the redirect.", tags("single-sign-on")),
		question(6, "Password prompt after the Outlook update", "Same here.", dupOf(1)),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	hits, err := ix.Related(ctx, "Outlook keeps asking for my password", []string{"outlook", "single-sign-on"}, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := hitIDs(hits)
	for _, want := range []int64{2, 3, 5} { // 2 and 5 share only a tag
		if !slices.Contains(got, want) {
			t.Errorf("got %v, want %d among them", got, want)
		}
	}
	if slices.Contains(got, 1) || slices.Contains(got, 4) {
		t.Errorf("got %v: the question itself or an unrelated one", got)
	}
	if hits, err := ix.Related(ctx, "Outlook keeps asking for my password", []string{"outlook", "single-sign-on"}, 2, 1); err != nil || len(hits) != 2 {
		t.Errorf("limit 2: got %v, %v", hitIDs(hits), err)
	}
	// Tags are words to it, never patterns: a tag of wildcard characters
	// or a title of them finds nothing rather than everything.
	if hits, err := ix.Related(ctx, "* ? ~", []string{"*", "prin*"}, 8, 0); err != nil || len(hits) > 0 {
		t.Errorf("patterns: got %v, %v", hitIDs(hits), err)
	}
}

// TestRelatedSharesTagsOrWords: a question is related when it shares a
// tag, or half of the title's telling words and a specific one among
// them; one common word or a number relates none, and the list is shorter
// than asked for rather than filled up with such.
func TestRelatedSharesTagsOrWords(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "GlobalProtect VPN drops every 10 minutes when working from home", "Teams calls freeze.", tags("vpn", "globalprotect", "home-office")),
		question(2, "Desk booking released my desk at 10:00", "I was in a meeting.", tags("desk-booking")),
		question(3, "Company phone not working abroad", "No signal in the US.", tags("mobile")),
		question(4, "Book first class for a train trip every month", "Is that allowed?", tags("travel")),
		question(5, "VPN drops after a few minutes at home", "Only on my home network."),
		question(6, "Cannot reach the intranet wiki", "From the hotel.", tags("vpn")),
		question(7, "Second screen stays black", "Docking station.", tags("monitor")),
		question(8, "Printer jams on page 10", "Always the same page.", tags("printer")),
		question(9, "Printer prints blank pages", "Toner is new.", tags("printer")),
		question(10, "Laptop battery drops to 10 percent", "Within an hour.", tags("battery")),
		question(11, "Timesheet portal shows a blank page", "Since Friday.", tags("vpn", "globalprotect", "home-office")),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	related := func(title string, tags []string, exclude int64) []int64 {
		t.Helper()
		hits, err := ix.Related(ctx, title, tags, 8, exclude)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	got := related("GlobalProtect VPN drops every 10 minutes when working from home", []string{"vpn", "globalprotect", "home-office"}, 1)
	// 5 shares half the words; 6 and 11 only tags: they rank below, 11
	// (all three) above 6 (one).
	if !slices.Equal(got, []int64{5, 11, 6}) {
		t.Errorf("related: got %v, want [5 11 6] (not 2: 10, 3: working, 4: every)", got)
	}
	// A new question, without tags, in other words.
	if got := related("VPN keeps disconnecting at home every few minutes", nil, 0); !slices.Contains(got, 1) || !slices.Contains(got, 5) || slices.Contains(got, 4) {
		t.Errorf("new question: got %v, want 1 and 5, not 4 (every)", got)
	}
	// A number is no word: "drops at 10" is not half of a battery
	// question's words with "drops to 10".
	if got := related("VPN drops at 10", nil, 0); slices.Contains(got, 10) || !slices.Contains(got, 5) {
		t.Errorf("numbers: got %v, want 5, not 10 (drops, 10)", got)
	}
	// Nothing shared: none, rather than the nearest.
	if got := related("Second monitor black after the update", nil, 0); slices.Contains(got, 1) || slices.Contains(got, 9) {
		t.Errorf("unrelated: got %v", got)
	}
}

// TestRelatedCountsAnIdentifier: a number of five digits or more (an
// error code) is one of a title's words for Related, a shorter one is not.
func TestRelatedCountsAnIdentifier(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Error 10016 after login", "Every morning."),
		question(2, "DCOM error 10016 in the event log", "Thousands of entries."),
		question(3, "Login error on the portal", "Since Friday."),
		question(4, "Teams error on start", "A white window."),
		question(5, "Error when saving a PDF", "Adobe says no."),
		question(6, "Scanner error on the second floor", "The display blinks."),
		question(7, "Battery at 10 percent after login", "Within an hour."),
	)
	apply(t, ix, filler(100, 40)...)
	hits, err := ix.Related(context.Background(), "Error 10016 after login", nil, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); !sameSet(got, []int64{2, 3}) {
		t.Errorf("got %v, want 2 (error 10016) and 3 (login error), not 4-6 (error) or 7", got)
	}
}

// TestRelatedNeedsMoreThanACommonTag: a tag on many questions (windows)
// relates a question only with a telling word of the title in its text
// (not a word in as many titles, "error", nor the tag named by a title
// word); a rare tag (single-sign-on) relates it alone; one sharing nothing
// but the common tag is not listed, even when the list is short.
func TestRelatedNeedsMoreThanACommonTag(t *testing.T) {
	ix := newTestIndex(t)
	win := tags("windows")
	apply(t, ix,
		question(1, "Search error: Outlook finds no old mails", "Only this year's.", tags("windows", "single-sign-on")),
		question(2, "Error: Teams camera shows a black image", "In every call.", win),
		question(3, "Outlook crashes when opening a calendar", "Since the update.", win),
		question(4, "Mails vanish from the inbox", "After a day or two.", win),
		question(5, "Error: docking station not detected", "Two monitors stay dark.", win),
		question(6, "Error: Bluetooth mouse lags", "Only on battery.", win),
		question(7, "Error: screen flickers after wake-up", "Both displays.", win),
		question(8, "Error: font too small on the laptop", "Scaling is at 100.", win),
		question(9, "Error: cannot install printer driver", "Admin rights missing.", win),
		question(10, "Error: Wi-Fi drops in meeting rooms", "Other laptops are fine.", win),
		question(11, "Error: clock is five minutes late", "The time server?", win),
		question(12, "Login loops in the browser", "Back to the start page.", tags("single-sign-on")),
		question(13, "Error when saving a PDF", "Adobe says no."),
		question(14, "Error on Teams start", "A white screen."),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	for _, title := range []string{"Search error: Outlook finds no old mails", "Windows search error: Outlook finds no old mails"} {
		hits, err := ix.Related(ctx, title, []string{"windows", "single-sign-on"}, 8, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(hits); !sameSet(got, []int64{3, 4, 12}) {
			t.Errorf("%s: got %v, want 3 (windows, outlook), 4 (windows, mails) and 12 (single-sign-on), none of 2, 5-11 (windows, error) or 13-14 (error)", title, got)
		}
	}
	// A title word that names the common tag is a word, not that tag: half
	// of "Windows mails" is not every question filed under windows.
	hits, err := ix.Related(ctx, "Windows mails", []string{"windows"}, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(hits); !slices.Equal(got, []int64{4}) {
		t.Errorf("Windows mails: got %v, want [4]", got)
	}
}
