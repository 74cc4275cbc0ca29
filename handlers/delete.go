package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/rows"
	"studio/views"
)

// deleteRows deletes the checked rows in one transaction and goes back to
// the grid saying how many; if any row changed since it was shown nothing
// is deleted and the page says which.
func (h *Handler) deleteRows(c *fiber.Ctx) error {
	_, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	t := ed.Table
	back := views.RowsURL(t.Schema, t.Name, gridQuery(c.FormValue("q"), t).Encode())
	targets, err := parseTargets(t, formValues(c, "row"))
	if err != nil {
		return err
	}
	n, err := ed.Delete(c.UserContext(), targets)
	var conflict *rows.ConflictError
	var refused *rows.ConstraintError
	switch {
	case err != nil && wantsJSON(c):
		return h.stale(err)
	case errors.As(err, &conflict):
		what := "was deleted (or its key changed)"
		if conflict.Current != nil {
			what = "was changed"
		}
		msg := fmt.Sprintf("The row %s (%d of the %d selected) %s since the page was shown.",
			describeKey(t, conflict.Key), conflict.Index+1, len(targets), what)
		return h.problem(c, t, fiber.StatusConflict, msg, back)
	case errors.As(err, &refused):
		return h.problem(c, t, fiber.StatusUnprocessableEntity, refused.Message, back)
	case err != nil:
		return h.stale(err)
	}
	return c.Redirect(back+"#deleted="+strconv.Itoa(n), fiber.StatusSeeOther)
}

// deleteEffectsBudget bounds the counting of what a delete would do.
const deleteEffectsBudget = 3 * time.Second

// confirmDelete answers GET on the delete route, with the fields the
// delete form posts: what deleting those rows would do (rows.DeleteEffects)
// and the form that does it, or why the database would refuse it. A page
// without JavaScript, the fragment for the grid's dialog (HX-Request). It
// never deletes.
func (h *Handler) confirmDelete(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	// The consequences are the database's: tables the config's filters
	// hide are referenced all the same.
	all, err := h.wholeModel(c.UserContext())
	if err != nil {
		return err
	}
	t := ed.Table
	root, err := rows.NewTable(all, t.Schema, t.Name)
	if err != nil {
		return err
	}
	var raw []string
	for _, v := range c.Context().QueryArgs().PeekMulti("row") {
		raw = append(raw, string(v))
	}
	targets, err := parseTargets(t, raw)
	if err != nil {
		return err
	}
	keys := make([][]rows.Value, len(targets))
	for i, tg := range targets {
		keys[i] = tg.Key
	}
	es, err := root.DeleteEffects(c.UserContext(), db, all, keys, deleteEffectsBudget)
	if err != nil {
		return h.stale(err)
	}
	q := gridQuery(c.Query("q"), t).Encode()
	d := views.DeleteConfirm{Chrome: h.chrome(c), Table: t, Targets: raw, Query: q, Effects: es, Back: views.RowsURL(t.Schema, t.Name, q)}
	if c.Get("HX-Request") == "true" {
		return render(c, views.DeleteConfirmBody(d))
	}
	return render(c, views.DeleteConfirmPage(d))
}

// parseTargets reads the rows a delete names; none is a 400.
func parseTargets(t *rows.Table, raw []string) ([]rows.Target, error) {
	var targets []rows.Target
	for _, r := range raw {
		tg, err := t.ParseTarget(r)
		if err != nil {
			return nil, err
		}
		targets = append(targets, tg)
	}
	if len(targets) == 0 {
		return nil, badRequest(errors.New("select the rows to delete first"))
	}
	return targets, nil
}

func (h *Handler) problem(c *fiber.Ctx, t *rows.Table, code int, msg, back string) error {
	return renderStatus(c, code, views.EditProblemPage(views.EditProblem{Chrome: h.chrome(c), Table: t, Code: code, Message: msg, Back: back}))
}

// describeKey names a row by its key for a message: "id = 3", "rowid 7".
func describeKey(t *rows.Table, key []rows.Value) string {
	if t.Pseudo {
		return t.Key[0] + " " + key[0].String()
	}
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = t.Key[i] + " = " + k.String()
	}
	return strings.Join(parts, ", ")
}

// formValues is every value of a form field, url-encoded or multipart
// (nil when the field is absent).
func formValues(c *fiber.Ctx, name string) []string {
	if mf, err := c.MultipartForm(); err == nil {
		return mf.Value[name]
	}
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		out = append(out, string(v))
	}
	return out
}

// renderStatus renders with a status other than 200.
func renderStatus(c *fiber.Ctx, code int, comp interface {
	Render(context.Context, io.Writer) error
}) error {
	c.Status(code)
	return render(c, comp)
}
