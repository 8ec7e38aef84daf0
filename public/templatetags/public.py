from django import template

register = template.Library()


@register.filter
def zip_figures(indicators, figures):
    return list(zip(indicators, figures, strict=True))


@register.filter
def met(target, fig):
    """Whether the figure meets the target: True, False, or None (no value)."""
    return target.is_met(fig.value) if fig is not None else None
