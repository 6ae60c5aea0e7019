package deflection

import (
	"errors"
	"net/url"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

// WebhookHost is the hotline webhook's address as it may be shown: its
// scheme and host, without the user, path or query, which commonly carry
// the webhook's credential. An address it cannot read shows as "webhook".
func WebhookHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ChannelWebhook
	}
	return u.Scheme + "://" + u.Host
}

// urlInText finds an address in an error text, as Go's HTTP client writes
// it (`Post "https://…": …`).
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"]+`)

// redactWebhookText shows every address in an error text by its scheme and
// host alone.
func redactWebhookText(s string) string {
	return urlInText.ReplaceAllStringFunc(s, WebhookHost)
}

// redactWebhookErr keeps the webhook's address out of an error of sending
// to it, which the delivery stores and the log shows: an *url.Error names
// the address in full, so it names the scheme and host instead.
func redactWebhookErr(err error, raw string) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: WebhookHost(ue.URL), Err: redactedErr{ue.Err, raw}}
	}
	return redactedErr{err, raw}
}

// redactedErr is an error whose text shows the webhook's address by its
// scheme and host, and which unwraps to the error it stands for (a
// timeout stays a timeout).
type redactedErr struct {
	err error
	raw string
}

func (e redactedErr) Error() string {
	msg := e.err.Error()
	if e.raw != "" {
		msg = strings.ReplaceAll(msg, e.raw, WebhookHost(e.raw))
	}
	return redactWebhookText(msg)
}

func (e redactedErr) Unwrap() error { return e.err }

// AfterFind shows a webhook delivery's target and last error without the
// webhook's path, query or user, also those stored before they were kept
// so: the address is a secret, shown on the settings page only as set.
func (d *Delivery) AfterFind(*gorm.DB) error {
	if d.Channel == ChannelWebhook {
		if strings.Contains(d.Target, "://") {
			d.Target = WebhookHost(d.Target)
		}
		d.LastError = redactWebhookText(d.LastError)
	}
	return nil
}
