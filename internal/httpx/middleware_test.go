package httpx_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// TestRequestLogLeavesOutSecrets: paths that carry a secret (password and
// unsubscribe links) are logged without it; other paths in full.
func TestRequestLogLeavesOutSecrets(t *testing.T) {
	var buf bytes.Buffer
	e := echo.New()
	e.Use(httpx.RequestLog(slog.New(slog.NewTextHandler(&buf, nil))))
	e.GET("/*", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	srv := httptest.NewServer(e)
	defer srv.Close()
	for _, path := range []string{"/password/pwl_SECRETSECRET", "/unsubscribe/SECRETTOKEN", "/questions/12"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	log := buf.String()
	if strings.Contains(log, "SECRET") {
		t.Errorf("a secret reached the log:\n%s", log)
	}
	for _, want := range []string{"path=/password/…", "path=/unsubscribe/…", "path=/questions/12"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
