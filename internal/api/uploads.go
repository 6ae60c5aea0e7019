package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/uploads"
)

// UploadJSON answers an upload: the image's address and the Markdown that
// shows it in a post.
type UploadJSON struct {
	URL         string `json:"url"`
	Markdown    string `json:"markdown"`
	ContentType string `json:"content_type"` // image/png, image/jpeg or image/gif
	Bytes       int64  `json:"bytes"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

// ImageMarkdown is the Markdown that shows an uploaded image.
func ImageMarkdown(u *uploads.Upload, alt string) string {
	return "![" + alt + "](" + u.Path() + ")"
}

// UploadResult is the answer to an upload, the image described by alt.
func UploadResult(u *uploads.Upload, alt string) UploadJSON {
	return UploadJSON{URL: u.Path(), Markdown: ImageMarkdown(u, alt), ContentType: u.ContentType,
		Bytes: u.Bytes, Width: u.Width, Height: u.Height}
}

// SaveFormImage stores the image of a multipart form's field "image", for
// the pages and the API alike.
func SaveFormImage(c echo.Context, svc *uploads.Service) (*uploads.Upload, error) {
	if httpx.User(c) == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	fh, err := c.FormFile("image")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, uploads.TooLarge(svc.MaxBytes)
		}
		var f errs.Fields
		f.Add("image", "upload.missing", "Choose an image file (PNG, JPEG or GIF).")
		return nil, f.Err()
	}
	file, err := fh.Open()
	if err != nil {
		return nil, errs.Internalf(err, "uploads: open form file")
	}
	defer file.Close()
	up, err := svc.Save(c.Request().Context(), httpx.User(c), file)
	if e := errs.As(err); err != nil && e.Code == errs.Invalid && len(e.Fields) == 0 {
		// What is wrong is the file: say so beside its field, as every
		// other refused input is.
		out := *e
		out.Fields = []errs.FieldError{{Field: "image", Msg: e.Msg}}
		return nil, &out
	}
	return up, err
}

// upload stores an image sent as multipart/form-data (field "image").
func (h *handlers) upload(c echo.Context) error {
	if _, err := actor(c); err != nil {
		return err
	}
	up, err := SaveFormImage(c, h.Uploads)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, UploadResult(up, h.Catalog.T(httpx.Lang(c), "upload.alt")))
}

// UploadedJSON is an uploaded image in the moderators' list.
type UploadedJSON struct {
	UploadJSON
	Name      string      `json:"name"`
	Uploader  *AuthorJSON `json:"uploader"`
	CreatedAt time.Time   `json:"created_at"`
}

// listUploads lists the uploaded images, newest first (moderators).
func (h *handlers) listUploads(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 30)
	if err != nil {
		return err
	}
	ups, total, err := h.Uploads.Recent(c.Request().Context(), u, page, size)
	if err != nil {
		return err
	}
	ids := make([]*int64, len(ups))
	for i := range ups {
		ids[i] = &ups[i].UserID
	}
	users, err := h.QA.Users(c.Request().Context(), ids...)
	if err != nil {
		return err
	}
	alt := h.Catalog.T(httpx.Lang(c), "upload.alt")
	items := make([]UploadedJSON, len(ups))
	for i := range ups {
		items[i] = UploadedJSON{UploadJSON: UploadResult(&ups[i], alt), Name: ups[i].Name(), Uploader: author(users[ups[i].UserID]), CreatedAt: ups[i].CreatedAt}
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}

// removeUpload deletes an uploaded image for good (moderators).
func (h *handlers) removeUpload(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if err := h.Uploads.Remove(c.Request().Context(), u, c.Param("name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
