"""A hygiene rule on item categories: each should be a fideslang data category (the taxonomy the Fides
export and other privacy tools share), or a custom one under a prefix the inventory declares
(`data_categories.custom_prefixes`). Part of the rule catalog (`rules.RULES`)."""

from __future__ import annotations

from collections.abc import Iterator

from daicho.catalog.checks.base import Hit, Rule, Severity, hit, registrar
from daicho.catalog.checks.citations import jipdec, jis2017
from daicho.catalog.checks.context import CheckContext
from daicho.catalog.interchange.fides_categories import FIDESLANG_VERSION, unknown_categories
from daicho.catalog.words import N_, phrase

CATEGORY_RULES: list[Rule] = []
rule = registrar(CATEGORY_RULES)

#: DAI050's reason in two parts, the second naming the bundled taxonomy's version (`catalog.words.checks` says
#: each part in the output's language)
WHY_PARTS = (N_("Categories from one taxonomy let the inventory be compared and exchanged (Fides export, "
                "OpenLineage tags); a typo there hides an item from every view by category."),
             N_("Taxonomy: fideslang {version} (Ethyca, CC BY 4.0)."))


@rule("DAI050", "item-category-unknown", Severity.info,
      title="Item category not in the fideslang taxonomy",
      message="item '{key}' has category '{category}', which is not a fideslang data category{hint}",
      fix="Use a fideslang data category (e.g. user.contact.email), or declare the prefix of your own "
          "categories in `data_categories: {{custom_prefixes: [...]}}`.",
      why=f"{WHY_PARTS[0]} {WHY_PARTS[1].format(version=FIDESLANG_VERSION)}",
      cites=(jis2017("A.3.3.1"), jipdec("J.3.1.1")))
def category_unknown(ctx: CheckContext) -> Iterator[Hit]:
    """An item whose `category` is not a key of the fideslang data-category taxonomy and does not start with
    a declared custom prefix; the message suggests the closest fideslang key."""
    declared = ctx.inventory.data_categories
    prefixes = tuple(declared.custom_prefixes) if declared else ()
    categories = {item.category for item in ctx.items.values()
                  if item.category and not (prefixes and item.category.startswith(prefixes))}
    closest = dict(unknown_categories(categories))
    for item in ctx.items.values():
        if item.category in closest:
            near = closest[item.category]
            hint = phrase(" (did you mean '{near}'?)", near=near) if near else ""
            yield hit(item.key, category=item.category, hint=hint)
