package deflection

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Headers of a webhook request. The signature is
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)); receivers
// recompute it and reject old timestamps to stop replays.
const (
	HeaderSignature = "X-Stackdesk-Signature"
	HeaderTimestamp = "X-Stackdesk-Timestamp"
	HeaderDelivery  = "X-Stackdesk-Delivery" // the delivery id: the same on every retry, for de-duplication
	HeaderEvent     = "X-Stackdesk-Event"
)

// Sign returns the signature header value for a body sent at timestamp (Unix seconds).
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks a signature header in constant time.
func VerifySignature(secret, timestamp string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(signature))
}

// webhookClient sends tickets to the hotline's address and nowhere else: a
// redirect is an answer like any other, a failure unless 2xx, never
// followed (it would carry the signed ticket, headers and all, to an
// address nobody configured).
var webhookClient = &http.Client{Timeout: 15 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// sendWebhook POSTs the payload, signed; any status but 2xx is a failure.
func (s *Service) sendWebhook(ctx context.Context, d *Delivery) (int, error) {
	body := []byte(d.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Settings.WebhookURL, strings.NewReader(d.Payload))
	if err != nil {
		return 0, redactWebhookErr(err, s.Settings.WebhookURL)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Stackdesk-Webhook/1")
	req.Header.Set(HeaderEvent, payloadEvent(d.Payload))
	req.Header.Set(HeaderDelivery, strconv.FormatInt(d.ID, 10))
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(s.Settings.WebhookSecret, ts, body))
	client := s.HTTP
	if client == nil {
		client = webhookClient
	}
	res, err := client.Do(req)
	if err != nil {
		// Its text names the address, a secret: the delivery stores it and
		// the log shows it.
		return 0, redactWebhookErr(err, s.Settings.WebhookURL)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("hotline answered HTTP %d", res.StatusCode)
	}
	return res.StatusCode, nil
}

// payloadEvent is the event a delivery's payload names: ticket.created for
// a new ticket (also for payloads stored before events were named).
func payloadEvent(payload string) string {
	var p struct {
		Event string `json:"event"`
	}
	if json.Unmarshal([]byte(payload), &p) != nil || p.Event == "" {
		return EventTicketCreated
	}
	return p.Event
}

func gormExpr(sql string) any { return gorm.Expr(sql) }
