from django import template

from terreau.governance import formatting

register = template.Library()

register.filter("percent", formatting.percent)
register.filter("majority", formatting.majority)
