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
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Bounds of an image: the pixels it may hold, its sides, the memory its
// decoding may take (a small file can decode to a huge picture; see
// decodeCost), how many are decoded at once, and how many one person
// uploads in a day.
const (
	MaxPixels     = 24_000_000
	MaxSide       = 10_000
	DecodeBudget  = 256 << 20
	decodesAtOnce = 2
	PerDay        = 50
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
	RemovedAt   *time.Time // a moderator removed it: the same picture is refused
	RemovedBy   *int64
	SeenAt      *time.Time // when the same picture was last uploaded again
}

// TableName names the table of Upload.
func (Upload) TableName() string { return "uploads" }

// Name is the image's file name.
func (u *Upload) Name() string { return u.Hash + extOf[u.ContentType] }

// Path is the address the image is served at and posts refer to.
func (u *Upload) Path() string { return "/uploads/" + u.Name() }

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

	once    sync.Once
	decodes chan struct{} // a slot per decode running
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
	// Refused before the costly decoding when the day's uploads are done;
	// counted again below, where it holds.
	if err := s.withinDay(s.Store.DB.WithContext(ctx), actor); err != nil {
		if errs.As(err).Code != errs.Internal {
			return nil, err
		}
		return nil, errs.Internalf(err, "uploads: count")
	}
	// Decoding takes memory and CPU: a few at once, the rest wait their turn.
	s.once.Do(func() { s.decodes = make(chan struct{}, decodesAtOnce) })
	select {
	case s.decodes <- struct{}{}:
	case <-ctx.Done():
		return nil, errs.E(errs.Unavailable, "upload.busy", "Too many images are being uploaded; please try again.")
	}
	out, cfg, contentType, err := reencode(raw)
	<-s.decodes
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out)
	u := &Upload{Hash: hex.EncodeToString(sum[:]), UserID: actor.ID, ContentType: contentType, Bytes: int64(len(out)),
		Width: cfg.Width, Height: cfg.Height, CreatedAt: s.Now().UTC()}
	// The row first, locked while the file is written: the first uploader
	// is on record, the same picture again is the same file, and one a
	// moderator removed stays removed, also when removed meanwhile. The
	// day's uploads are counted in the same transaction, one upload of a
	// person at a time, so two at once cannot both take the last one.
	err = s.Store.Tx(ctx, func(tx *gorm.DB) error {
		if err := lockUploader(tx, actor.ID); err != nil {
			return err
		}
		if err := s.withinDay(tx, actor); err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "hash"}}, DoNothing: true}).Create(u).Error; err != nil {
			return err
		}
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var row Upload
		if err := q.Where("hash = ?", u.Hash).Take(&row).Error; err != nil {
			return err
		}
		if row.RemovedAt != nil {
			return errs.E(errs.Forbidden, "upload.removed", "A moderator removed this image; it cannot be added again.")
		}
		if row.ID != u.ID { // uploaded before: new again, so not pruned as old
			if err := tx.Model(&Upload{}).Where("id = ?", row.ID).Update("seen_at", u.CreatedAt).Error; err != nil {
				return err
			}
		}
		return s.write(u, out)
	})
	if err != nil {
		if errs.As(err).Code != errs.Internal {
			return nil, err
		}
		return nil, errs.Internalf(err, "uploads: save")
	}
	return u, nil
}

// withinDay refuses a person who has uploaded PerDay images in the last 24
// hours.
func (s *Service) withinDay(db *gorm.DB, actor *store.User) error {
	var today int64
	if err := db.Model(&Upload{}).Where("user_id = ? AND created_at > ?", actor.ID, s.Now().UTC().Add(-24*time.Hour)).
		Count(&today).Error; err != nil {
		return err
	}
	if today >= PerDay {
		return errs.E(errs.RateLimited, "upload.too_many", "You have uploaded {{.Max}} images in the last 24 hours; please wait before adding more.", "Max", PerDay)
	}
	return nil
}

// lockUploader holds, until the transaction ends, a PostgreSQL advisory
// lock that one person's uploads take in turn (no other write waits for
// it). SQLite's transactions are immediate: one writes at a time already.
func lockUploader(tx *gorm.DB, userID int64) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", advisoryUploader, int32(userID)).Error
}

// advisoryUploader is the first key of lockUploader's lock (the second is
// the user); qa's writer lock is 0x5d01.
const advisoryUploader = 0x5d02

func (s *Service) tooLarge() error { return TooLarge(s.MaxBytes) }

// TooLarge is the refusal of an image over the limit of max bytes, for
// whatever finds it so first (the service, the form, the body's limit).
func TooLarge(max int64) error {
	return errs.E(errs.TooLarge, "upload.too_large", "The image is larger than {{.Max}} MB; crop it or save it as a JPEG.", "Max", MaxMB(max))
}

// MaxMB is a limit of n bytes in megabytes (MiB) as every message and page
// says it: to a tenth, or below one megabyte to a hundredth, and rounded
// down, so that what is said to fit does (4 MB, 2.5 MB, 0.06 MB for 64 KB).
func MaxMB(n int64) errs.Decimal {
	if n >= 1<<20 {
		return errs.Decimal{Value: float64(n*10>>20) / 10, Frac: 1}
	}
	return errs.Decimal{Value: float64(n*100>>20) / 100, Frac: 2}
}

// reencode decodes an image within the bounds and encodes it again in its
// own format.
func reencode(raw []byte) ([]byte, image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is not a PNG, JPEG or GIF image.")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.too_many_pixels", "The image is {{.Width}} × {{.Height}} pixels; at most {{.Max}} pixels a side and 24 megapixels are taken.",
			"Width", cfg.Width, "Height", cfg.Height, "Max", MaxSide)
	}
	if decodeCost(raw, cfg, format) > DecodeBudget {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.too_costly", "The image is too large to take in this form; save it as an 8-bit PNG or a JPEG of fewer pixels.")
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
		// Turned as its EXIF orientation says, which is dropped with the
		// rest of the metadata: a phone's photo stands upright.
		if o := jpegOrientation(raw); o != 1 {
			img = orient(img, o)
			cfg.Width, cfg.Height = img.Bounds().Dx(), img.Bounds().Dy()
		}
		// Encoded again, a JPEG should not grow much: a lower quality when it would.
		for _, q := range []int{85, 75} {
			b.Reset()
			if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
				return nil, cfg, "", broken()
			}
			if b.Len() <= len(raw) {
				break
			}
		}
		return b.Bytes(), cfg, "image/jpeg", nil
	case "gif":
		// The first frame alone: a screenshot is one picture, and an
		// animation's frames could each take the whole budget.
		img, err := gif.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, cfg, "", broken()
		}
		if err := gif.Encode(&b, img, nil); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/gif", nil
	}
	return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is not a PNG, JPEG or GIF image.")
}

// decodeCost is what decoding the image may take at most, in bytes, from
// its header alone, whatever else the file holds: a PNG 8 bytes a pixel
// when 16-bit, else 4 (a grey one with transparency decodes to colour),
// twice that when interlaced (its passes are decoded apart first); a JPEG
// 6 bytes a pixel and component (a progressive one keeps its coefficients,
// about 5 measured, a CMYK one a second picture), and the copy turned as
// its EXIF orientation says when it is not upright (see orient); a GIF one
// byte a pixel (its first frame only is kept). A photo of 12 megapixels
// fits the budget, turned or not.
func decodeCost(raw []byte, cfg image.Config, format string) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	switch format {
	case "png":
		// The header is the first chunk, at a fixed place: bit depth at
		// byte 24, interlace method at byte 28.
		per := int64(4)
		if raw[24] == 16 {
			per = 8
		}
		if raw[28] != 0 {
			per *= 2
		}
		return px * per
	case "jpeg":
		components := int64(3)
		switch cfg.ColorModel {
		case color.GrayModel:
			components = 1
		case color.CMYKModel:
			components = 4
		}
		cost := px * 6 * components
		if jpegOrientation(raw) != 1 {
			cost += px * orientedBytes(cfg.ColorModel) // the turned copy
		}
		return cost
	case "gif":
		return px
	}
	return px * 32
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
	if err := tmp.Chmod(0o644); err != nil { // readable as any other file of the site's (CreateTemp makes it private)
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

// Recent lists a page of the uploaded images, newest first, for moderators
// to look over, and how many there are.
func (s *Service) Recent(ctx context.Context, actor *store.User, page, size int) ([]Upload, int64, error) {
	if actor == nil || !actor.IsStaff() {
		return nil, 0, errs.E(errs.Forbidden, "upload.staff_only", "Only moderators look over and remove uploaded images.")
	}
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := db.Model(&Upload{}).Where("removed_at IS NULL").Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "uploads: count")
	}
	out := []Upload{}
	if err := db.Where("removed_at IS NULL").Order("id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Find(&out).Error; err != nil {
		return nil, 0, errs.Internalf(err, "uploads: recent")
	}
	return out, total, nil
}

// Remove deletes an uploaded image for good (moderators): a screenshot that
// shows what it must not, say. Posts that showed it show a missing image
// (its description), and the same picture uploaded again is refused. The
// removal is on record in the audit log, with who uploaded it. The name is
// the one the image is served at: the same hash with another type's
// extension is no image, so not found, and removes nothing.
func (s *Service) Remove(ctx context.Context, actor *store.User, name string) error {
	if actor == nil || !actor.IsStaff() {
		return errs.E(errs.Forbidden, "upload.staff_only", "Only moderators look over and remove uploaded images.")
	}
	if !NameRE.MatchString(name) {
		return errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	hash := strings.TrimSuffix(name, filepath.Ext(name))
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var u Upload
		err := q.Where("hash = ? AND content_type = ? AND removed_at IS NULL", hash, typeOf[filepath.Ext(name)]).Take(&u).Error
		if store.IsNotFound(err) {
			return errs.E(errs.NotFound, "upload.not_found", "No such image.")
		}
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		if err := tx.Model(&Upload{}).Where("id = ?", u.ID).Updates(map[string]any{"removed_at": now, "removed_by": actor.ID}).Error; err != nil {
			return err
		}
		if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "upload.remove", TargetType: "user", TargetID: &u.UserID,
			Detail: u.Path(), CreatedAt: now}).Error; err != nil {
			return err
		}
		// The file goes last, inside the transaction: if it cannot be
		// removed, the row stays and the removal can be tried again (and
		// if the commit fails after it, trying again finds no file and
		// marks the row).
		if err := os.Remove(filepath.Join(s.Dir, u.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	})
	if err != nil {
		if errs.As(err).Code != errs.Internal {
			return err
		}
		return errs.Internalf(err, "uploads: remove")
	}
	return nil
}
