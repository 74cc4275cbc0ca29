package handlers

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"studio/review"
	"studio/views"
)

// rulesPage lists every lint rule at the level studio.json gives it.
func (h *Handler) rulesPage(c *fiber.Ctx) error {
	page := views.RulesPage{Chrome: h.chrome(c)}
	for _, r := range review.Rules() {
		page.Rules = append(page.Rules, h.ruleItem(r))
	}
	return render(c, views.Rules(page))
}

// rulePage explains one rule: what `studio lint --explain CODE` prints.
func (h *Handler) rulePage(c *fiber.Ctx) error {
	code := param(c, "code")
	r, ok := review.RuleFor(code)
	if !ok {
		return fiber.NewError(fiber.StatusNotFound, fmt.Sprintf("no lint rule %q (the rules page lists them)", code))
	}
	return render(c, views.Rule(views.RulePage{Chrome: h.chrome(c), Item: h.ruleItem(r)}))
}

func (h *Handler) ruleItem(r review.Rule) views.RuleItem {
	return views.RuleItem{Rule: r, Level: h.opts.Migrations.Review.Rules[r.Code]}
}
