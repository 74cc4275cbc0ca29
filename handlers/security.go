package handlers

import (
	"crypto/subtle"
	"net"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// tokenCookie carries the access token after the first visit.
const tokenCookie = "studio_token"

// hostGuard rejects requests whose Host header is not one of the studio's
// own names, so a DNS-rebinding page cannot talk to it through a name it
// controls. When the studio listens on all interfaces the Host cannot be
// known; the token then guards every request instead.
func (h *Handler) hostGuard(c *fiber.Ctx) error {
	if len(h.allowedHosts) == 0 {
		return c.Next()
	}
	host := strings.ToLower(string(c.Request().Host()))
	if _, ok := h.allowedHosts[host]; !ok {
		return fiber.NewError(fiber.StatusMisdirectedRequest, "unknown Host header: this studio answers only to its own address")
	}
	return c.Next()
}

// originGuard refuses unsafe methods sent by another site: a browser marks
// them with Sec-Fetch-Site or an Origin that is not ours. Requests without
// either header come from non-browser clients (curl, scripts) and pass.
func (h *Handler) originGuard(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	site := c.Get("Sec-Fetch-Site")
	if site != "" && site != "same-origin" && site != "none" {
		return fiber.NewError(fiber.StatusForbidden, "cross-site request refused")
	}
	// Our Referrer-Policy (no-referrer) makes a browser send "Origin: null"
	// with a plain form POST; its Sec-Fetch-Site, which no page can forge,
	// still says same-origin.
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && !(origin == "null" && site == "same-origin") {
		u, err := url.Parse(origin)
		if err != nil || !strings.EqualFold(u.Host, string(c.Request().Host())) {
			return fiber.NewError(fiber.StatusForbidden, "request from a foreign origin refused")
		}
	}
	return c.Next()
}

// tokenGuard demands the access token when one is set: in the first URL
// (?token=, swapped for an HttpOnly SameSite=Strict cookie and a redirect
// that drops it from the address bar), the cookie, or a Bearer header.
func (h *Handler) tokenGuard(c *fiber.Ctx) error {
	if h.opts.Token == "" {
		return c.Next()
	}
	if q := c.Query("token"); q != "" && c.Method() == fiber.MethodGet {
		if !h.tokenOK(q) {
			return fiber.NewError(fiber.StatusUnauthorized, "wrong access token")
		}
		c.Cookie(&fiber.Cookie{Name: tokenCookie, Value: h.opts.Token, HTTPOnly: true, SameSite: "Strict", Path: "/"})
		args := c.Request().URI().QueryArgs()
		args.Del("token")
		target := c.Path()
		if qs := args.String(); qs != "" {
			target += "?" + qs
		}
		return c.Redirect(target, fiber.StatusSeeOther)
	}
	if h.tokenOK(c.Cookies(tokenCookie)) || h.tokenOK(strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")) {
		return c.Next()
	}
	return fiber.NewError(fiber.StatusUnauthorized, "this studio needs its access token: open the URL it printed at start")
}

func (h *Handler) tokenOK(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(h.opts.Token)) == 1
}

// securityHeaders forbids framing, sniffing and any script not served by
// the studio itself.
func securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	return c.Next()
}

// allowedHosts lists the Host headers that name this studio. It is empty
// (anything goes, the token guards) when listening on all interfaces.
func allowedHosts(addr string) map[string]struct{} {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil
	}
	ip := net.ParseIP(host)
	if host == "" || (ip != nil && ip.IsUnspecified()) {
		return nil
	}
	names := []string{host}
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		names = append(names, "localhost", "127.0.0.1", "::1")
	}
	set := map[string]struct{}{}
	for _, n := range names {
		hp := net.JoinHostPort(n, port)
		set[strings.ToLower(hp)] = struct{}{}
		if port == "80" {
			set[strings.ToLower(n)] = struct{}{}
		}
	}
	return set
}

// IsLoopback reports whether host (an IP or name) only listens on this
// machine; binding anything else needs a token.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
