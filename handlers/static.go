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
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		c.Set(fiber.HeaderContentType, ct)
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Send(b)
	}
}
