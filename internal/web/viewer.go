package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// viewerKey keys the hash anonymous viewers are known by. It is the
// process's own, never stored: the view rows (kept about an hour) hold no
// address, nor a hash of one that trying all 2^32 IPv4 addresses would
// reverse. A restart within the hour may count a visitor's view again.
var viewerKey = func() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}()

// viewerID names who is looking, for view counts (one a question an hour):
// the user, or for a visitor who is not logged in a keyed hash of the
// client's network address alone (nothing personal is stored). Nothing the client
// picks per request is part of it (its browser's name, a cookie), or one
// client could count as any number of viewers; an IPv6 client counts by
// its /64 network, within which it may take any address. So an office
// behind one address counts as one anonymous viewer of a question an hour,
// each of its members who logs in apart.
func viewerID(c echo.Context) string {
	if u := httpx.User(c); u != nil {
		return "u:" + strconv.FormatInt(u.ID, 10)
	}
	m := hmac.New(sha256.New, viewerKey)
	m.Write([]byte(clientNetwork(c.RealIP())))
	return "a:" + hex.EncodeToString(m.Sum(nil)[:12])
}

// clientNetwork is the address an anonymous viewer is known by: an IPv4
// address as it is, an IPv6 one as its /64 network.
func clientNetwork(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
