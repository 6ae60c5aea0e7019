package e2e

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestImagesIntoAPost: on the ask page a screenshot pasted into the text and
// an image file chosen are each uploaded and put into the text as Markdown
// where the caret was, and the preview shows them; a file that is no image
// is refused with the reason, the text left as it was.
func TestImagesIntoAPost(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	dir := t.TempDir()
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 24, 16)))
	pic := filepath.Join(dir, "error.png")
	notPic := filepath.Join(dir, "notes.png")
	if os.WriteFile(pic, img.Bytes(), 0o644) != nil || os.WriteFile(notPic, []byte("just text"), 0o644) != nil {
		t.Fatal("cannot write the files")
	}
	err := chromedp.Do(tab,
		signUp(env, "ada"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible(chromedp.CSS(".upload-pick")),
		chromedp.SendKeys(chromedp.CSS("#body"), "Outlook shows this when it starts:"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if linkShown, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!document.querySelector(".upload-link").hidden`)); err != nil || linkShown {
		t.Fatalf("the upload page's link still shows beside the script's tools: %v %v", linkShown, err)
	}
	// The browser's own file button (in the browser's language) is hidden;
	// the page's "Add image" opens the dialog.
	if hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector(".upload-input").getBoundingClientRect().width <= 1 &&
		document.querySelector(".upload-pick").getBoundingClientRect().width > 20`)); err != nil || !hidden {
		t.Fatalf("the native file button shows beside the page's: %v %v", hidden, err)
	}
	// Paste what the clipboard holds: text too when asked (cells copied from
	// a spreadsheet come as text and a picture of them), and a PNG file. It
	// reports whether the page left the paste to the browser.
	paste := func(text string) (bool, error) {
		quoted, _ := json.Marshal(text)
		return chromedp.Run(tab, chromedp.Evaluate[bool](`(function () {
		var c = document.createElement("canvas"); c.width = 20; c.height = 10;
		var x = c.getContext("2d"); x.fillStyle = "#c00"; x.fillRect(0, 0, 20, 10);
		var bin = atob(c.toDataURL("image/png").split(",")[1]), bytes = new Uint8Array(bin.length);
		for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
		var dt = new DataTransfer(), text = `+string(quoted)+`;
		if (text) dt.setData("text/plain", text);
		dt.items.add(new File([bytes], "image.png", { type: "image/png" }));
		var f = document.getElementById("body");
		f.focus(); f.selectionStart = f.selectionEnd = f.value.length;
		return f.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
	})()`))
	}
	// Spreadsheet cells: the browser pastes their text; no image is sent
	// (sending one shows "Uploading" at once).
	if native, err := paste("Mailbox\tQuota\nada\t50 GB"); err != nil || !native {
		t.Fatalf("text with a picture of it: the page took the paste (%v %v)", native, err)
	}
	if status, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector(".upload-status").textContent`)); err != nil || status != "" {
		t.Fatalf("text with a picture of it: an image is being sent: %q %v", status, err)
	}
	// A screenshot alone is uploaded.
	if native, err := paste(""); err != nil || native {
		t.Fatalf("a screenshot: the page left it to the browser (%v %v)", native, err)
	}
	mdRE := `!\[screenshot\]\(/uploads/[0-9a-f]{64}\.png\)`
	quoted, _ := json.Marshal(mdRE)
	jsRE := "new RegExp(" + string(quoted) + ", \"g\")"
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](jsRE+`.test(document.getElementById("body").value)`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		v, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("body").value + " | " + document.querySelector(".upload-status").textContent`))
		t.Fatalf("the pasted screenshot is not in the text: %v (%s)", err, v)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`!!document.querySelector('.preview-body img[src^="/uploads/"]')`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the preview does not show the pasted image: %v", err)
	}
	// A file chosen goes in too, after the first.
	if err := chromedp.Do(tab, chromedp.SetUploadFiles(chromedp.CSS(".upload-input"), []string{pic})); err != nil {
		t.Fatal(err)
	}
	twice := `(document.getElementById("body").value.match(` + jsRE + `) || []).length === 2`
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](twice, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the chosen file is not in the text: %v", err)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("body").value`))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^Outlook shows this when it starts:\n\n` + mdRE + `\n\n` + mdRE + `\n\n$`).MatchString(text) {
		t.Fatalf("text after two images: %q", text)
	}
	// A file that is no image: the reason shows, the text stays.
	if err := chromedp.Do(tab, chromedp.SetUploadFiles(chromedp.CSS(".upload-input"), []string{notPic})); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector(".upload-status").textContent === "This is not a PNG, JPEG or GIF image."`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("no reason shown for a file that is no image: %v", err)
	}
	if after, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("body").value`)); after != text {
		t.Fatalf("the refused file changed the text: %q", after)
	}
}

// TestUploadFormTooLargeInBrowser: in a browser without the editor's script
// (the upload page's form), a file over the limit brings the form back
// with the message saying the limit, not an error page, and the form
// then takes a file that fits.
func TestUploadFormTooLargeInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.UploadMax = 64 << 10 })
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	dir := t.TempDir()
	big, small := filepath.Join(dir, "photo.png"), filepath.Join(dir, "error.png")
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 24, 16)))
	// Far over the limit and the body's, so the server answers unread.
	if os.WriteFile(big, bytes.Repeat([]byte{0x89}, 3<<20), 0o644) != nil || os.WriteFile(small, img.Bytes(), 0o644) != nil {
		t.Fatal("cannot write the files")
	}
	err := chromedp.Do(tab,
		signUp(env, "ada"),
		chromedp.Navigate(env.URL+"/uploads/new"),
		chromedp.WaitVisible(chromedp.CSS("#upload-image")),
		chromedp.SetUploadFiles(chromedp.CSS("#upload-image"), []string{big}),
		chromedp.Click(chromedp.CSS(`form[action="/uploads"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uploads"] .alert`)),
	)
	var alert string
	if err == nil {
		alert, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector('form[action="/uploads"] .alert').textContent`))
	}
	if err != nil || alert != "The image is larger than 0.06 MB; crop it or save it as a JPEG." {
		t.Fatalf("too large a file: %v %q", err, alert)
	}
	var n int64
	env.App.Store.DB.Table("uploads").Count(&n)
	if n != 0 {
		t.Fatalf("%d images stored", n)
	}
	err = chromedp.Do(tab,
		chromedp.SetUploadFiles(chromedp.CSS("#upload-image"), []string{small}),
		chromedp.Click(chromedp.CSS(`form[action="/uploads"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#upload-markdown")),
	)
	var markdown string
	if err == nil {
		markdown, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("upload-markdown").value`))
	}
	if err != nil || !regexp.MustCompile(`^!\[screenshot\]\(/uploads/[0-9a-f]{64}\.png\)$`).MatchString(markdown) {
		t.Fatalf("a file that fits, from the form shown again: %v %q", err, markdown)
	}
}
