package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/api"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
	"stackdesk/internal/uploads"
)

// uploadPage is the data of the page that uploads an image without
// JavaScript, and shows the Markdown that puts it in a post.
type uploadPage struct {
	Markdown string // of the image just uploaded
	URL      string
}

func (s *Server) uploadForm(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginRequired()
	}
	p := s.newPage(c, "", uploadPage{})
	p.Title = p.T("upload.title")
	p.NoIndex = true
	return s.render(c, "upload", p)
}

// upload stores an image from the page's form (field "image") and shows
// the Markdown to copy into a post. (The pages' script uploads through the
// API, POST /api/v1/uploads.)
func (s *Server) upload(c echo.Context) error {
	if httpx.User(c) == nil {
		return loginRequired()
	}
	up, err := s.saveUpload(c)
	if err != nil {
		if errs.CodeOf(err) == errs.Internal {
			return err
		}
		p := s.newPage(c, "", uploadPage{})
		p.Title = p.T("upload.title")
		p.NoIndex = true
		p.back = "/uploads/new"
		return s.formError(c, "upload", p, err)
	}
	alt := s.cat.T(httpx.Lang(c), "upload.alt")
	p := s.newPage(c, "", uploadPage{Markdown: api.ImageMarkdown(up, alt), URL: up.Path()})
	p.Title = p.T("upload.title")
	p.NoIndex = true
	p.back = "/uploads/new"
	p.Status = http.StatusCreated
	return s.render(c, "upload", p)
}

// uploadTooLarge answers the upload form's post refused for its size before
// the form's handler ran (by the body's length, or while the form was read
// for its token) with the form again and the message the form gives for an
// image over the limit, as upload does: true when it did. Nothing more of
// the body is read.
func (s *Server) uploadTooLarge(c echo.Context) bool {
	r := c.Request()
	if r.Method != http.MethodPost || r.URL.Path != "/uploads" || httpx.User(c) == nil {
		return false
	}
	p := s.newPage(c, "", uploadPage{}) // with the token handleError gave it
	p.Title = p.T("upload.title")
	p.NoIndex = true
	p.back = "/uploads/new"
	p.Status = http.StatusRequestEntityTooLarge
	p.Error = s.cat.Msg(p.Lang, errs.As(uploads.TooLarge(s.cfg.UploadMax)).Msg)
	if err := s.render(c, "upload", p); err != nil {
		s.log.Error("render upload form", "err", err)
		return false
	}
	return true
}

// saveUpload reads the form's image and stores it.
func (s *Server) saveUpload(c echo.Context) (*uploads.Upload, error) {
	return api.SaveFormImage(c, s.uploads)
}

// uploadFile serves a stored image: cached for good (its name is its
// content's hash), its type fixed, and nothing in it able to run.
func (s *Server) uploadFile(c echo.Context) error {
	f, contentType, err := s.uploads.Open(c.Param("name"))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return errs.Internalf(err, "uploads: stat")
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	// Its name is its content's hash, so it never changes, but a moderator
	// may remove it: kept a day, by the browser only.
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Disposition", "inline")
	http.ServeContent(c.Response(), c.Request(), "", st.ModTime(), f)
	return nil
}

// The budget of image uploads per user: decoding an image is the costliest
// thing a request does.
const (
	uploadsPerMinute = 10
	uploadsBurst     = 10
)

// UploadMax is the largest image upload in bytes, for the page's script.
func (p *page) UploadMax() int64 { return p.uploadMax }

// UploadMaxMB is UploadMax in megabytes, as messages say it.
func (p *page) UploadMaxMB() errs.Decimal { return uploads.MaxMB(p.uploadMax) }

// uploadsPage is the data of the moderators' list of uploaded images.
type uploadsPage struct {
	Uploads []uploads.Upload
	Users   map[int64]*store.User
	Pages   pager
}

// recentUploads lists the uploaded images, newest first, for moderators.
func (s *Server) recentUploads(c echo.Context) error {
	ctx := c.Request().Context()
	page := max(httpx.QueryInt(c, "page", 1), 1)
	ups, total, err := s.uploads.Recent(ctx, httpx.User(c), page, 30)
	if err != nil {
		return err
	}
	ids := make([]*int64, len(ups))
	for i := range ups {
		ids[i] = &ups[i].UserID
	}
	users, err := s.qa.Users(ctx, ids...)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", uploadsPage{Uploads: ups, Users: users, Pages: newPager(page, 30, total)})
	p.Title = p.T("uploads.title")
	p.NoIndex = true
	return s.render(c, "uploads", p)
}

// removeUpload deletes an uploaded image (moderators) and comes back.
func (s *Server) removeUpload(c echo.Context) error {
	if err := s.uploads.Remove(c.Request().Context(), httpx.User(c), c.FormValue("name")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

// KB writes a file size in whole kilobytes, as the page's language writes numbers.
func (p *page) KB(n int64) string { return p.Int(int((n+1023)/1024)) + " KB" }
