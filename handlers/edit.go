package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
	"studio/views"
)

// editRoutes registers the routes that change rows: the insert form, the
// inline cell editor and deletes. Every change is a POST (the origin
// guard vets those) and carries the version of the row the user saw.
func (h *Handler) editRoutes(app *fiber.App) {
	const t = "/schema/:schema/table/:table"
	app.Get(t+"/rows/new", h.insertForm)
	app.Post(t+"/rows", h.insertRow)
	app.Get(t+"/cell", h.cellForm)
	app.Post(t+"/cell", h.saveCell)
	app.Get(t+"/cell/row", h.gridRow)
	app.Post(t+"/rows/delete", h.deleteRows)
}

// editor gives the row editor of the :schema/:table table, refusing (403)
// in read-only mode and on tables whose rows cannot be identified.
func (h *Handler) editor(c *fiber.Ctx) (*database.DB, *rows.Editor, error) {
	if h.opts.ReadOnly {
		return nil, nil, fiber.NewError(fiber.StatusForbidden, "the studio runs read-only (--read-only): rows cannot be changed")
	}
	db, cache, err := h.db.catalog()
	if err != nil {
		return nil, nil, err
	}
	m, err := cache.Model(c.UserContext())
	if err != nil {
		return nil, nil, err
	}
	ed, err := rows.NewEditor(db, m, c.Params("schema"), c.Params("table"))
	return db, ed, err
}

// stale turns "no such column/table" into advice to reload, after
// dropping the cached schema that let the request through.
func (h *Handler) stale(err error) error {
	if !staleSchema(err) {
		return err
	}
	if _, cache, cerr := h.db.catalog(); cerr == nil {
		cache.Invalidate()
	}
	return fiber.NewError(fiber.StatusConflict, "the table's structure changed since the page was shown; reload the page")
}

// editColumn is the column a request names, if it can be edited.
func editColumn(t *rows.Table, name string) (*rows.Column, int, error) {
	for i := range t.Columns {
		if c := &t.Columns[i]; c.Name == name && !c.Computed {
			return c, i, nil
		}
	}
	return nil, 0, badRequest{fmt.Errorf("column %q does not exist or is computed by the database", name)}
}

// formText undoes what a form does to line breaks: browsers send a
// textarea's line breaks as CRLF, so they become LF again, and CRLF only
// when the value being edited used CRLF (nl=crlf).
func formText(s, nl string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if nl == "crlf" {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s
}

// gridQuery is the grid's query sent along (#grid-query), so a row
// rendered again keeps the page's hidden columns; a bad one is dropped.
func gridQuery(raw string, t *rows.Table) rows.Query {
	v, err := url.ParseQuery(raw)
	if err == nil {
		if q, err := rows.ParseQuery(v, t); err == nil {
			return q
		}
	}
	return rows.Query{Limit: rows.DefaultLimit}
}

// cellForm answers a double-click on a cell with its inline editor, or
// with the conflict box when the row changed since the page was shown.
func (h *Handler) cellForm(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	token, version := c.Query("key"), c.Query("v")
	col, i, err := editColumn(ed.Table, c.Query("col"))
	if err != nil {
		return err
	}
	key, err := ed.Table.DecodeKey(token)
	if err != nil {
		return err
	}
	r, err := ed.Table.Lookup(c.UserContext(), db, key)
	conflict := views.CellConflict{Table: ed.Table, Key: token, Column: *col}
	switch {
	case errors.Is(err, rows.ErrRowNotFound):
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(conflict))
	case err != nil:
		return h.stale(err)
	case r.Version() != version:
		conflict.Current = &r.Values[i]
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(conflict))
	}
	return render(c, views.CellEditor(views.CellEdit{Table: ed.Table, Key: token, Version: version, Column: *col, Value: r.Values[i]}))
}

// saveCell saves an inline edit and answers the row rendered again. A
// conflict, a refusal or any other error replaces the editor instead
// (HX-Retarget), so the rest of the row stays as it was.
func (h *Handler) saveCell(c *fiber.Ctx) error {
	err := h.save(c)
	if err != nil {
		retarget(c, views.CellID(c.FormValue("key"), c.FormValue("col")))
	}
	return err
}

func (h *Handler) save(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	token, version := c.FormValue("key"), c.FormValue("v")
	col, i, err := editColumn(ed.Table, c.FormValue("col"))
	if err != nil {
		return err
	}
	key, err := ed.Table.DecodeKey(token)
	if err != nil {
		return err
	}
	in := rows.Input{Text: formText(c.FormValue("value"), c.FormValue("nl")), Null: c.FormValue("null") == "1"}
	r, err := ed.Update(c.UserContext(), rows.Target{Key: key, Version: version}, col.Name, in)
	var conflict *rows.ConflictError
	var refused *rows.ConstraintError
	switch {
	case errors.As(err, &conflict):
		box := views.CellConflict{Table: ed.Table, Key: token, Column: *col}
		if conflict.Current != nil {
			box.Current = &conflict.Current.Values[i]
		}
		retarget(c, views.CellID(token, col.Name))
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(box))
	case errors.As(err, &refused):
		// Nothing was written: the row still holds what the editor began with.
		cur, lerr := ed.Table.Lookup(c.UserContext(), db, key)
		if lerr != nil {
			return err
		}
		retarget(c, views.CellID(token, col.Name))
		return renderStatus(c, fiber.StatusUnprocessableEntity, views.CellEditor(views.CellEdit{Table: ed.Table,
			Key: token, Version: version, Column: *col, Value: cur.Values[i], Typed: &in, Error: refusal(refused, col.Name)}))
	case err != nil:
		return h.stale(err)
	}
	q := gridQuery(c.FormValue("q"), ed.Table)
	return render(c, views.GridRow(views.GridPage{Page: &rows.Page{Table: ed.Table, Query: q}}, r))
}

// refusal is the database's message, naming the column at fault when it
// is not the one being edited.
func refusal(ce *rows.ConstraintError, edited string) string {
	if ce.Column != "" && ce.Column != edited {
		return ce.Column + ": " + ce.Message
	}
	return ce.Message
}

// retarget points htmx at the cell's editor instead of the row.
func retarget(c *fiber.Ctx, id string) {
	c.Set("HX-Retarget", "#"+id)
	c.Set("HX-Reswap", "outerHTML")
}

// gridRow answers one grid row as it is now (the conflict box's reload);
// an empty answer when the row is gone removes it from the grid.
func (h *Handler) gridRow(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	key, err := ed.Table.DecodeKey(c.Query("key"))
	if err != nil {
		return err
	}
	r, err := ed.Table.Lookup(c.UserContext(), db, key)
	if errors.Is(err, rows.ErrRowNotFound) {
		c.Type("html", "utf-8")
		return c.SendString("")
	}
	if err != nil {
		return h.stale(err)
	}
	return render(c, views.GridRow(views.GridPage{Page: &rows.Page{Table: ed.Table, Query: gridQuery(c.Query("q"), ed.Table)}}, r))
}

// insertForm shows the insert form: computed columns left out, columns
// with a default left to it, nullable ones NULL until something is typed.
func (h *Handler) insertForm(c *fiber.Ctx) error {
	_, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	return render(c, views.InsertPage(views.InsertForm{Chrome: h.chrome(c), Table: ed.Table, Fields: insertFields(ed, nil)}))
}

func insertFields(ed *rows.Editor, typed map[string]rows.Input) []views.InsertField {
	var out []views.InsertField
	for _, col := range ed.Table.Columns {
		if col.Computed {
			continue
		}
		f := views.InsertField{Column: col, Defaulted: ed.Defaulted(col.Name)}
		switch {
		case typed != nil:
			f.Input = typed[col.Name]
		case f.Defaulted:
			f.Input.Default = true
		case col.Nullable:
			f.Input.Null = true
		}
		out = append(out, f)
	}
	return out
}

// insertRow inserts the form's row and redirects to its page; the
// database's refusal shows the form again with what was typed.
func (h *Handler) insertRow(c *fiber.Ctx) error {
	_, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	vals := map[string]rows.Input{}
	for _, col := range ed.Table.Columns {
		if col.Computed {
			continue
		}
		name := col.Name
		in := rows.Input{Text: formText(c.FormValue("val:"+name), ""), Null: c.FormValue("null:"+name) == "1",
			Default: c.FormValue("default:"+name) == "1"}
		if formValues(c, "val:"+name) == nil && !in.Null {
			in.Default = true // a column the form does not mention is left to the database
		}
		vals[name] = in
	}
	r, err := ed.Insert(c.UserContext(), vals)
	var refused *rows.ConstraintError
	if errors.As(err, &refused) && !wantsJSON(c) {
		form := views.InsertForm{Chrome: h.chrome(c), Table: ed.Table, Fields: insertFields(ed, vals),
			Error: refused.Message, ErrorColumn: refused.Column}
		return renderStatus(c, fiber.StatusUnprocessableEntity, views.InsertPage(form))
	}
	if err != nil {
		return h.stale(err)
	}
	t := ed.Table
	return c.Redirect(views.RowURL(t.Schema, t.Name, views.RowQuery(t, r)), fiber.StatusSeeOther)
}

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
	var targets []rows.Target
	for _, raw := range formValues(c, "row") {
		tg, err := t.ParseTarget(raw)
		if err != nil {
			return err
		}
		targets = append(targets, tg)
	}
	if len(targets) == 0 {
		return badRequest{errors.New("select the rows to delete first")}
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
