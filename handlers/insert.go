package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"studio/rows"
	"studio/views"
)

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
	return c.Redirect(views.RowURL(t.Schema, t.Name, views.RowQuery(t, r)+"&inserted=1"), fiber.StatusSeeOther)
}
