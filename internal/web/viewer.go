package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/httpx"
)

// viewerID names who is looking, for view counts (one a question an hour):
// the user, or for a visitor who is not logged in a hash of the client's
// network address alone (nothing personal is stored). Nothing the client
// picks per request is part of it (its browser's name, a cookie), or one
// client could count as any number of viewers; an IPv6 client counts by
// its /64 network, within which it may take any address. So an office
// behind one address counts as one anonymous viewer of a question an hour,
// each of its members who logs in apart.
func viewerID(c echo.Context) string {
	if u := httpx.User(c); u != nil {
		return "u:" + strconv.FormatInt(u.ID, 10)
	}
	sum := sha256.Sum256([]byte(clientNetwork(c.RealIP())))
	return "a:" + hex.EncodeToString(sum[:12])
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
