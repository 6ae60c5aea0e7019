package web

import (
	"strings"
	"testing"

	"stackdesk/internal/deflection"
)

// TestReplyMail: the hotline's reply link names the address as written,
// has one subject line, CRLF line breaks (RFC 6068) and a bounded body.
func TestReplyMail(t *testing.T) {
	row := &deflection.TicketRow{Ticket: deflection.Ticket{ID: 7, Email: "carl+test@example.com", Status: deflection.TicketResolved,
		Subject: "Dock\r\nBcc: x@example.com", Resolution: "Update the firmware.\nThen restart." + strings.Repeat("x", 3000)}}
	got := string(ticketPage{Row: row, CanContact: true}.ReplyMail())
	want := "mailto:carl+test@example.com?subject=%237%3A%20Dock%20Bcc%3A%20x%40example.com&body=Update%20the%20firmware.%0D%0AThen%20restart."
	if !strings.HasPrefix(got, want) || len(got) > 5000 || !strings.HasSuffix(got, "%20%E2%80%A6") {
		t.Errorf("reply link %.200q…, want it to start %q and end cut", got, want)
	}
	if (ticketPage{Row: row}).ReplyMail() != "" {
		t.Error("a reply link for someone who may not see the address")
	}
}
