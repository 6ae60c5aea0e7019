// Package uploads stores the images people add to their posts: screenshots
// of an error, mostly. An image is checked, decoded within bounds and
// encoded again (which drops its metadata, such as a photo's location, and
// anything that is not the picture), then kept on disk under the SHA-256 of
// the stored bytes, so the same picture uploaded twice is one file. Posts
// refer to it as /uploads/HASH.EXT.
package uploads

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Bounds of an image: the pixels it may hold once decoded (a small file can
// decode to a huge picture), and its sides.
const (
	MaxPixels = 24_000_000
	MaxSide   = 10_000
)

// Upload is a stored image and who uploaded it first.
type Upload struct {
	ID          int64
	Hash        string
	UserID      int64
	ContentType string
	Bytes       int64
	Width       int
	Height      int
	CreatedAt   time.Time
}

// TableName names the table of Upload.
func (Upload) TableName() string { return "uploads" }

// Path is the address the image is served at and posts refer to.
func (u *Upload) Path() string { return "/uploads/" + u.Hash + extOf[u.ContentType] }

// extOf and typeOf map the stored types to file extensions and back.
var (
	extOf  = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
	typeOf = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif"}
)

// NameRE matches the file names of stored images, and nothing else: the
// only names that are served.
var NameRE = regexp.MustCompile(`^[0-9a-f]{64}\.(png|jpg|gif)$`)

// Service stores and reads uploaded images.
type Service struct {
	Store    *store.Store
	Dir      string // where the files are kept
	MaxBytes int64  // the largest upload taken
	Now      func() time.Time
}

// Save checks, encodes again and stores the image read from r for actor.
// Anything but a PNG, JPEG or GIF picture within the bounds is refused with
// a message saying why; nothing is stored then.
func (s *Service) Save(ctx context.Context, actor *store.User, r io.Reader) (*Upload, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	raw, err := io.ReadAll(io.LimitReader(r, s.MaxBytes+1))
	if err != nil {
		var tooLarge *http.MaxBytesError // the request body's limit
		if errors.As(err, &tooLarge) {
			return nil, s.tooLarge()
		}
		return nil, errs.E(errs.BadRequest, "upload.unreadable", "The image could not be read; please try again.")
	}
	if int64(len(raw)) > s.MaxBytes {
		return nil, s.tooLarge()
	}
	out, cfg, contentType, err := reencode(raw)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out)
	u := &Upload{Hash: hex.EncodeToString(sum[:]), UserID: actor.ID, ContentType: contentType, Bytes: int64(len(out)),
		Width: cfg.Width, Height: cfg.Height, CreatedAt: s.Now().UTC()}
	if err := s.write(u, out); err != nil {
		return nil, errs.Internalf(err, "uploads: write")
	}
	// The first uploader is on record; the same picture again is the same file.
	if err := s.Store.DB.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "hash"}}, DoNothing: true}).
		Create(u).Error; err != nil {
		return nil, errs.Internalf(err, "uploads: record")
	}
	return u, nil
}

func (s *Service) tooLarge() error {
	return errs.E(errs.TooLarge, "upload.too_large", "The image is larger than {{.Max}} MB; crop it or save it as a JPEG.", "Max", (s.MaxBytes+(1<<20)-1)>>20)
}

// reencode decodes an image within the bounds and encodes it again in its
// own format.
func reencode(raw []byte) ([]byte, image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is no PNG, JPEG or GIF image.")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.too_many_pixels", "The image is {{.Width}} × {{.Height}} pixels; at most {{.Max}} pixels a side and 24 megapixels are taken.",
			"Width", cfg.Width, "Height", cfg.Height, "Max", MaxSide)
	}
	var b bytes.Buffer
	switch format {
	case "png":
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, cfg, "", broken()
		}
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/png", nil
	case "jpeg":
		img, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, cfg, "", broken()
		}
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/jpeg", nil
	case "gif":
		g, err := gif.DecodeAll(bytes.NewReader(raw))
		if err != nil || len(g.Image) == 0 {
			return nil, cfg, "", broken()
		}
		if len(g.Image) > 500 {
			return nil, cfg, "", errs.E(errs.Invalid, "upload.too_many_frames", "The animation has more than 500 frames.")
		}
		if err := gif.EncodeAll(&b, g); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/gif", nil
	}
	return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is no PNG, JPEG or GIF image.")
}

func broken() error {
	return errs.E(errs.Invalid, "upload.broken", "The image is damaged and cannot be shown.")
}

// write stores the file under its name, atomically: a file of that name
// holds those bytes already when it exists.
func (s *Service) write(u *Upload, data []byte) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	name := filepath.Join(s.Dir, u.Hash+extOf[u.ContentType])
	if _, err := os.Stat(name); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// Open opens a stored image by its file name and says its type; a name that
// is no stored image's is not found.
func (s *Service) Open(name string) (*os.File, string, error) {
	if !NameRE.MatchString(name) {
		return nil, "", errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	f, err := os.Open(filepath.Join(s.Dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	if err != nil {
		return nil, "", errs.Internalf(err, "uploads: open")
	}
	return f, typeOf[filepath.Ext(name)], nil
}
