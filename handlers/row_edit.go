package handlers

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"studio/rows"
	"studio/views"
)

// saveRow saves the row page's form in one transaction: every field it
// sent, written only where the value changed, and only while the row
// still has the version the page showed. It redirects to the row page
// saying what was saved (a plain form post and htmx's boosted one alike);
// a conflict (409) shows the form again with the row as it is now and
// the person's own changes kept, a refusal (422) with what was typed and
// the column at fault. Nothing is written in either case.
func (h *Handler) saveRow(c *fiber.Ctx) error {
	db, ed, err := h.editor(c)
	if err != nil {
		return err
	}
	t := ed.Table
	key, err := t.DecodeKey(c.FormValue("key"))
	if err != nil {
		return err
	}
	version := c.FormValue("v")
	typed, was := rowForm(c, t)
	r, wrote, err := ed.UpdateRow(c.UserContext(), rows.Target{Key: key, Version: version}, typed)
	var conflict *rows.ConflictError
	var refused *rows.ConstraintError
	switch {
	case err != nil && wantsJSON(c):
		return h.stale(err)
	case errors.As(err, &conflict) && conflict.Current == nil:
		return h.problem(c, t, fiber.StatusConflict, "This row no longer exists: it was deleted, or its key changed, since the page was shown.",
			views.RowsURL(t.Schema, t.Name, ""))
	case errors.As(err, &conflict):
		cur := *conflict.Current
		edit := views.RowEdit{Editing: true, Conflict: true, Typed: changedFields(t, typed, was), Changed: changedSince(t, cur, was)}
		return h.showRow(c, fiber.StatusConflict, db, t, cur, 1, edit)
	case errors.As(err, &refused):
		cur, lerr := t.Lookup(c.UserContext(), db, key)
		if lerr != nil {
			return err
		}
		edit := views.RowEdit{Editing: true, Typed: typed, Version: version, Was: was, Error: refused.Message, ErrorColumn: refused.Column}
		return h.showRow(c, fiber.StatusUnprocessableEntity, db, t, cur, 1, edit)
	case err != nil:
		return h.stale(err)
	}
	saved := url.Values{"saved": wrote}
	if len(wrote) == 0 {
		saved.Set("saved", "")
	}
	return c.Redirect(views.RowURL(t.Schema, t.Name, views.RowQuery(t, r)+"&"+saved.Encode()), fiber.StatusSeeOther)
}

// rowForm reads the edit form: each editable column it sent (val:COL,
// null:COL, nl:COL) and the fingerprint of the value it showed (was:COL).
// A column the form leaves out is left as it is.
func rowForm(c *fiber.Ctx, t *rows.Table) (typed map[string]rows.Input, was map[string]string) {
	typed, was = map[string]rows.Input{}, map[string]string{}
	for _, col := range t.Columns {
		name := col.Name
		null := c.FormValue("null:"+name) == "1"
		if col.Computed || (formValues(c, "val:"+name) == nil && !null) {
			continue
		}
		typed[name] = rows.Input{Text: formText(c.FormValue("val:"+name), c.FormValue("nl:"+name)), Null: null}
		if fp := c.FormValue("was:" + name); fp != "" {
			was[name] = fp
		}
	}
	return typed, was
}

// changedFields keeps the fields the person changed: those whose value
// is not the one the form showed.
func changedFields(t *rows.Table, typed map[string]rows.Input, was map[string]string) map[string]rows.Input {
	out := map[string]rows.Input{}
	for name, in := range typed {
		if c := t.Column(name); c != nil && rows.Fingerprint(c, in) != was[name] {
			out[name] = in
		}
	}
	return out
}

// changedSince lists, in table order, the form's columns whose value in
// r is not the one the form showed: what someone else changed meanwhile.
func changedSince(t *rows.Table, r rows.Row, was map[string]string) []string {
	var out []string
	for i := range t.Columns {
		c := &t.Columns[i]
		if fp, ok := was[c.Name]; ok && rows.Fingerprint(c, rows.ValueInput(r.Values[i])) != fp {
			out = append(out, c.Name)
		}
	}
	return out
}
