package erd

// box writes a table's box, wrapped in a link when href is not empty.
func (w *svg) box(b *box, href string) {
	if href != "" {
		w.el("a", false, "href", href, "class", "erd-link", "aria-label", firstLine(b.hover))
	}
	class := "erd-table"
	switch {
	case b.ghost:
		class += " erd-ghost"
	case b.kind != "" && b.kind != "table":
		class += " erd-kind-" + b.kind
	}
	if b.parts > 0 {
		class += " erd-partitioned"
	}
	if b.focus {
		class += " erd-focus"
	}
	w.el("g", false, "class", class, "data-table", b.key)
	w.text("title", b.hover)
	dash, fill, width := "", "#ffffff", ""
	if b.ghost {
		dash, fill = "4 3", "#fafafa"
	}
	if b.focus {
		width = "2.5"
	}
	w.el("rect", true, "class", "erd-box", "x", num(b.x), "y", num(b.y), "width", num(b.w), "height", num(b.h),
		"rx", itoa(cornerR), "fill", fill, "stroke", colBorder, "stroke-dasharray", dash, "stroke-width", width)
	w.el("path", true, "class", "erd-header", "d", headerPath(b), "fill", headerFill(b), "stroke", colBorder, "stroke-dasharray", dash)
	w.text("text", truncate(b.key, maxTitle), "class", "erd-name", "x", num(b.x+padX), "y", num(b.y+16), "font-weight", "bold")
	if b.badge != "" {
		w.text("text", b.badge, "class", "erd-badge", "x", num(b.x+b.w-padX), "y", num(b.y+16),
			"text-anchor", "end", "font-size", itoa(labelFont), "fill", colMuted)
	}
	for i, r := range b.rows {
		w.row(b, i, r)
	}
	if b.more > 0 {
		w.text("text", moreText(b.more), "class", "erd-more", "x", num(b.x+padX), "y", num(b.rowTop(len(b.rows))+textBaseOff),
			"fill", colMuted, "font-style", "italic")
	}
	w.WriteString("</g>\n")
	if href != "" {
		w.WriteString("</a>\n")
	}
}

// rowTop is the y of row i's top.
func (b *box) rowTop(i int) float64 { return b.y + headerH + float64(i)*rowH }

func (w *svg) row(b *box, i int, r row) {
	y := num(b.rowTop(i) + textBaseOff)
	w.el("g", false, "class", "erd-col")
	w.text("title", r.hover)
	x := b.x + padX
	if b.markW > 0 {
		if r.mark != "" {
			col, class := colFK, "erd-key erd-key-fk"
			if r.mark != "FK" {
				col, class = colPK, "erd-key erd-key-pk"
			}
			w.text("text", r.mark, "class", class, "x", num(x), "y", y, "fill", col, "font-weight", "bold")
		}
		x += float64(b.markW+1) * charW
	}
	w.text("text", r.name, "class", "erd-colname", "x", num(x), "y", y)
	if r.typ != "" {
		w.text("text", r.typ, "class", "erd-type", "x", num(b.x+b.w-padX), "y", y, "text-anchor", "end", "fill", colMuted)
	}
	w.WriteString("</g>\n")
}

// headerPath is the header band with rounded top corners.
func headerPath(b *box) string {
	x, y, r := b.x, b.y, float64(cornerR)
	bottom := num(y + headerH)
	return "M" + num(x) + "," + bottom + " V" + num(y+r) + " Q" + num(x) + "," + num(y) + " " + num(x+r) + "," + num(y) +
		" H" + num(x+b.w-r) + " Q" + num(x+b.w) + "," + num(y) + " " + num(x+b.w) + "," + num(y+r) + " V" + bottom + " Z"
}
