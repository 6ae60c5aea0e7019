package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// SessionCSRF returns the form token of the web session whose cookie value
// is token: an HMAC keyed by the session's secret, so it is the same for
// every page of the session (a form left open in another tab still sends),
// differs for every session, and tells nothing of the secret to whoever
// reads it in a page.
func SessionCSRF(token string) string {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("stackdesk form token"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
