package markdown

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath returns the browser to drive: $CHROMIUM_PATH if set, else
// the first Chromium or Chrome found on the system.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts headless Chromium with a fresh profile and returns the
// context of one tab; the browser is stopped when the test ends. Without a
// browser the test fails under CI=true and is skipped otherwise. Every host
// but 127.0.0.1 resolves to nothing, so payloads cannot reach the network.
func startBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found (set CHROMIUM_PATH)")
		}
		t.Skip("Chromium not found; set CHROMIUM_PATH or CI=true to make this fatal")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancel()
	})
	if _, err := chromedp.Run(tabCtx, chromedp.Evaluate[int]("1")); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return tabCtx
}

// dialogs records every JavaScript dialog a tab opens and dismisses it, so
// a payload that fires cannot block the page.
type dialogs struct {
	mu   sync.Mutex
	msgs []string
}

// watchDialogs starts recording the dialogs of the tab in ctx. Listen calls
// its func in arrival order, so a dialog that opened before a later command
// returned has been recorded by then.
func watchDialogs(t *testing.T, ctx context.Context) *dialogs {
	t.Helper()
	d := &dialogs{}
	err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*page.EventJavascriptDialogOpening)
		if !ok {
			return
		}
		d.mu.Lock()
		d.msgs = append(d.msgs, e.Message)
		d.mu.Unlock()
		// Listen funcs must not run commands themselves.
		go func() {
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}()
	})
	if err != nil {
		t.Fatalf("listen for dialogs: %v", err)
	}
	return d
}

// take returns and clears the recorded dialog messages.
func (d *dialogs) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	msgs := d.msgs
	d.msgs = nil
	return msgs
}
