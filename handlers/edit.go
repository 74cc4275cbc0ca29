package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/rows"
	"studio/views"
)

// editor gives the row editor of the :schema/:table table, refusing (403)
// in read-only mode and on tables whose rows cannot be identified.
func (h *Handler) editor(c *fiber.Ctx) (*database.DB, *rows.Editor, error) {
	if h.opts.ReadOnly {
		return nil, nil, fmt.Errorf("%w: rows cannot be changed", errReadOnly)
	}
	db, m, err := h.model(c)
	if err != nil {
		return nil, nil, err
	}
	ed, err := rows.NewEditor(db, m, param(c, "schema"), param(c, "table"))
	return db, ed, h.hiddenHint(c, err)
}

// editColumn is the column a request names, if it can be edited.
func editColumn(t *rows.Table, name string) (*rows.Column, int, error) {
	for i := range t.Columns {
		if c := &t.Columns[i]; c.Name == name && !c.Computed {
			return c, i, nil
		}
	}
	return nil, 0, badRequest(fmt.Errorf("column %q does not exist or is computed by the database", name))
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
	token, version, panel := c.Query("key"), c.Query("v"), fromPanel(c.Query(views.PanelParam))
	col, i, err := editColumn(ed.Table, c.Query("col"))
	if err != nil {
		return err
	}
	key, err := ed.Table.DecodeKey(token)
	if err != nil {
		return err
	}
	r, err := ed.Table.Lookup(c.UserContext(), db, key)
	conflict := views.CellConflict{Table: ed.Table, Key: token, Column: *col, Panel: panel}
	switch {
	case errors.Is(err, rows.ErrRowNotFound):
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(conflict))
	case err != nil:
		return h.stale(err)
	case r.Version() != version:
		conflict.Current = &r.Values[i]
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(conflict))
	}
	return render(c, views.CellEditor(views.CellEdit{Table: ed.Table, Key: token, Version: version, Column: *col, Value: r.Values[i], Panel: panel}))
}

// fromPanel reports whether an editor request came from the row detail
// panel (views.PanelParam).
func fromPanel(v string) bool { return v == "panel" }

// saveCell saves an inline edit and answers the row rendered again. A
// conflict, a refusal or any other error replaces the editor instead
// (HX-Retarget), so the rest of the row stays as it was.
func (h *Handler) saveCell(c *fiber.Ctx) error {
	err := h.save(c)
	if err != nil {
		retarget(c, views.EditorID(c.FormValue("key"), c.FormValue("col"), fromPanel(c.FormValue(views.PanelParam))))
	}
	return err
}

func (h *Handler) save(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	token, version, panel := c.FormValue("key"), c.FormValue("v"), fromPanel(c.FormValue(views.PanelParam))
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
		box := views.CellConflict{Table: ed.Table, Key: token, Column: *col, Panel: panel}
		if conflict.Current != nil {
			box.Current = &conflict.Current.Values[i]
		}
		retarget(c, views.EditorID(token, col.Name, panel))
		return renderStatus(c, fiber.StatusConflict, views.CellConflictBox(box))
	case errors.As(err, &refused):
		// Nothing was written: the row still holds what the editor began with.
		cur, lerr := ed.Table.Lookup(c.UserContext(), db, key)
		if lerr != nil {
			return err
		}
		retarget(c, views.EditorID(token, col.Name, panel))
		return renderStatus(c, fiber.StatusUnprocessableEntity, views.CellEditor(views.CellEdit{Table: ed.Table,
			Key: token, Version: version, Column: *col, Value: cur.Values[i], Typed: &in, Error: refusal(refused, col.Name), Panel: panel}))
	case err != nil:
		return h.stale(err)
	}
	if panel {
		return h.savedInPanel(c, db, ed.Table, token, r)
	}
	q := gridQuery(c.FormValue("q"), ed.Table)
	return render(c, views.GridRow(h.gridRowPage(c.UserContext(), db, ed.Table, q, r), r))
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
	return render(c, views.GridRow(h.gridRowPage(c.UserContext(), db, ed.Table, gridQuery(c.Query("q"), ed.Table), r), r))
}
