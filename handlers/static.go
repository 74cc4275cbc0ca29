package handlers

import (
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// assets serves the files of fsys (static.Files) under /static/. File
// names carry their version or are tiny, so they may be cached for a day.
func assets(fsys fs.FS) fiber.Handler {
	return func(c *fiber.Ctx) error {
		name := strings.TrimPrefix(c.Params("*"), "/")
		b, err := fs.ReadFile(fsys, name)
		if err != nil || name == "" {
			return fiber.NewError(fiber.StatusNotFound, "no such file")
		}
		ct := types[path.Ext(name)]
		if ct == "" {
			ct = mime.TypeByExtension(path.Ext(name))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		c.Set(fiber.HeaderContentType, ct)
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Send(b)
	}
}

// types are the content types the system's table may lack or spell
// otherwise.
var types = map[string]string{".ico": "image/x-icon", ".svg": "image/svg+xml"}

// favicon serves fsys's favicon.ico at /favicon.ico, where browsers and
// tools ask for it whatever the page links (pages link favicon.svg).
func favicon(fsys fs.FS) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := fs.ReadFile(fsys, "favicon.ico")
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, types[".ico"])
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Send(b)
	}
}
