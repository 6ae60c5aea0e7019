package config

import (
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// ImageHost is another site whose images posts show (STACKDESK_IMAGE_HOSTS).
type ImageHost struct {
	// Host is the site's ASCII (punycode) name in lower case, with its
	// port where it is not the scheme's default: "i.stack.imgur.com",
	// "xn--bcher-kva.example", "wiki.example.com:8443".
	Host string
	// HTTP: named as http://host, so its images load over plain http
	// too; a bare host name means https only.
	HTTP bool
}

// String is the host as the setting names it.
func (h ImageHost) String() string {
	if h.HTTP {
		return "http://" + h.Host
	}
	return h.Host
}

// Why ParseImageHost refuses an entry.
var (
	// ErrImageHost: the entry is no host name (a path, user name, wildcard,
	// another scheme, a bad port).
	ErrImageHost = errors.New("not a host name")
	// ErrImageHostIPv6: the entry is an IPv6 address. A content security
	// policy's host-source is a host name (or, by its grammar, an IPv4
	// address) and has no form for one ("[::1]" is no source browsers
	// read), so the pages' img-src could not let its images load.
	ErrImageHostIPv6 = errors.New("an IPv6 address")
)

// ParseImageHost reads one entry of STACKDESK_IMAGE_HOSTS: a host name or
// an IPv4 address, with a port where it is not 443
// ("wiki.example.com:8443"), or "http://host" for a site whose images are
// served over plain http (and https). Paths, user names, wildcards, other
// schemes (ErrImageHost) and IPv6 addresses (ErrImageHostIPv6) are refused.
func ParseImageHost(entry string) (ImageHost, error) {
	scheme, rest := "https", entry
	if i := strings.Index(entry, "://"); i >= 0 {
		scheme, rest = strings.ToLower(entry[:i]), entry[i+3:]
	}
	if strings.HasPrefix(rest, "[") || strings.Contains(rest, ":") && net.ParseIP(rest) != nil {
		return ImageHost{}, ErrImageHostIPv6 // [::1], [2001:db8::1]:8443, 2001:db8::1
	}
	if scheme != "http" && scheme != "https" || rest == "" || strings.ContainsAny(rest, "/?#@*\\% \t") {
		return ImageHost{}, ErrImageHost
	}
	u, err := url.Parse(scheme + "://" + rest)
	if err != nil || u.Hostname() == "" {
		return ImageHost{}, ErrImageHost
	}
	// idna's lookup profile allows letters, digits and hyphens, the
	// characters of a host-source, and refuses ':' and '_'.
	host, err := idna.Lookup.ToASCII(u.Hostname())
	if err != nil || host == "" {
		return ImageHost{}, ErrImageHost
	}
	host = strings.ToLower(host)
	port := u.Port()
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return ImageHost{}, ErrImageHost
		}
	}
	if !(port == "" || scheme == "https" && port == "443" || scheme == "http" && port == "80") {
		host += ":" + port
	}
	return ImageHost{Host: host, HTTP: scheme == "http"}, nil
}

// imageHosts reads a comma-separated list of image hosts (ParseImageHost).
func (p *parser) imageHosts(key string, dst *[]ImageHost) {
	v, ok := p.lookup(key)
	if !ok {
		return
	}
	var out []ImageHost
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue // a trailing comma
		}
		h, err := ParseImageHost(f)
		switch {
		case errors.Is(err, ErrImageHostIPv6):
			p.fail(key, f, "a host name, not an IPv6 address: a content security policy cannot name one, so browsers would load none of its images; give the host a name")
			return
		case err != nil:
			p.fail(key, f, "host names or IPv4 addresses separated by commas, e.g. i.stack.imgur.com,wiki.example.com (http://host for one served over plain http)")
			return
		}
		out = append(out, h)
	}
	*dst = out
}

// imageHostList is the setting's effective value, as it would be written.
func imageHostList(hosts []ImageHost) string {
	s := make([]string, len(hosts))
	for i, h := range hosts {
		s[i] = h.String()
	}
	return strings.Join(s, ",")
}
