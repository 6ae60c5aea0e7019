package uploads

import (
	"encoding/binary"
	"image"
	"image/color"
)

// A phone keeps a photo as its sensor saw it and says in the JPEG's EXIF
// metadata (the Orientation tag) how to turn it to look as meant. The
// metadata is dropped when the image is encoded again, so the turn is made
// on the picture itself first.

// jpegOrientation reads the EXIF Orientation (tag 0x0112 of the first
// image file directory in the APP1 "Exif" segment) of a JPEG, in either
// byte order: 1 to 8, and 1 (shown as stored) when there is none or it
// cannot be read. It reads the segments before the picture data only, and
// every offset it follows is checked against the bytes it has.
func jpegOrientation(raw []byte) int {
	if len(raw) < 2 || raw[0] != 0xFF || raw[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(raw); {
		if raw[i] != 0xFF {
			return 1
		}
		marker := raw[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7: // markers without a length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // the picture data, or the end: no metadata after it is read
			return 1
		}
		n := int(binary.BigEndian.Uint16(raw[i+2:]))
		if n < 2 || n > len(raw)-i-2 {
			return 1
		}
		seg := raw[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads the Orientation tag of a TIFF header and its first
// image file directory, as EXIF keeps them.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := order.Uint32(t[4:])
	if ifd < 8 || uint64(ifd)+2 > uint64(len(t)) {
		return 1
	}
	entries := int(order.Uint16(t[ifd:]))
	at := int(ifd) + 2
	for range entries {
		if at+12 > len(t) {
			return 1
		}
		e := t[at : at+12]
		// An entry: tag, type, count, then the value itself when it fits
		// in 4 bytes (a SHORT in the first 2).
		if order.Uint16(e) == 0x0112 {
			if order.Uint16(e[2:]) != 3 || order.Uint32(e[4:]) != 1 {
				return 1
			}
			if o := int(order.Uint16(e[8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
		at += 12
	}
	return 1
}

// orientedBytes is what turning an image decoded with the colour model m
// takes, in bytes a pixel: the copy keeps the model (a YCbCr one without
// subsampling), anything else is copied as RGBA.
func orientedBytes(m color.Model) int64 {
	switch m {
	case color.GrayModel:
		return 1
	case color.YCbCrModel:
		return 3
	}
	return 4
}

// orient turns img as the EXIF orientation o says: 2 mirrors it, 3 turns
// it half round, 4 flips it upside down, 5 mirrors it along its diagonal,
// 6 turns it a quarter clockwise, 7 mirrors it along its other diagonal
// and 8 turns it a quarter anticlockwise. 1, or anything else, leaves it
// as it is. The result is a new image of the same kind (a grey one stays
// grey; see orientedBytes), with its sides swapped for 5 to 8.
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	r := image.Rect(0, 0, w, h)
	if o >= 5 {
		r = image.Rect(0, 0, h, w)
	}
	// from is the pixel of img shown at (x, y) of the result.
	from := func(x, y int) (int, int) {
		switch o {
		case 2:
			return w - 1 - x, y
		case 3:
			return w - 1 - x, h - 1 - y
		case 4:
			return x, h - 1 - y
		case 5:
			return y, x
		case 6:
			return y, h - 1 - x
		case 7:
			return w - 1 - y, h - 1 - x
		}
		return w - 1 - y, x // 8
	}
	dw, dh := r.Dx(), r.Dy()
	switch m := img.(type) {
	case *image.Gray:
		out := image.NewGray(r)
		for y := range dh {
			for x := range dw {
				sx, sy := from(x, y)
				out.Pix[y*out.Stride+x] = m.Pix[m.PixOffset(b.Min.X+sx, b.Min.Y+sy)]
			}
		}
		return out
	case *image.YCbCr:
		out := image.NewYCbCr(r, image.YCbCrSubsampleRatio444)
		for y := range dh {
			for x := range dw {
				sx, sy := from(x, y)
				sx, sy = b.Min.X+sx, b.Min.Y+sy
				out.Y[y*out.YStride+x] = m.Y[m.YOffset(sx, sy)]
				c := m.COffset(sx, sy)
				out.Cb[y*out.CStride+x] = m.Cb[c]
				out.Cr[y*out.CStride+x] = m.Cr[c]
			}
		}
		return out
	case *image.CMYK:
		out := image.NewCMYK(r)
		for y := range dh {
			for x := range dw {
				sx, sy := from(x, y)
				s := m.PixOffset(b.Min.X+sx, b.Min.Y+sy)
				copy(out.Pix[y*out.Stride+4*x:y*out.Stride+4*x+4], m.Pix[s:s+4])
			}
		}
		return out
	}
	out := image.NewRGBA(r)
	for y := range dh {
		for x := range dw {
			sx, sy := from(x, y)
			out.Set(x, y, img.At(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return out
}
