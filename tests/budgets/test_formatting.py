"""Amounts in 万元 and yuan, percentages, as a function and as template filters."""

from decimal import Decimal

from django.template import Context, Template

from ui.formatting import format_percent, format_wan, format_yuan


def test_wan_has_one_decimal_rounded_half_up():
    assert format_wan(Decimal("3742000")) == "374.2万元"
    assert format_wan(Decimal("2795000.00")) == "279.5万元"
    assert format_wan(Decimal("947000")) == "94.7万元"
    assert format_wan(Decimal("12345678")) == "1,234.6万元"
    assert format_wan(Decimal("50")) == "0.0万元"
    assert format_wan(Decimal("-947000")) == "-94.7万元"
    assert format_wan(None) == "—"


def test_yuan_has_thousands_separators_and_fen():
    assert format_yuan(Decimal("3742000")) == "3,742,000.00元"
    assert format_yuan(Decimal("0.005")) == "0.01元"
    assert format_yuan(None) == "—"


def test_percent_has_one_decimal():
    assert format_percent(Decimal("25.307")) == "25.3%"
    assert format_percent(Decimal("-25.25")) == "-25.3%"
    assert format_percent(None) == "—"


def test_template_filters():
    template = Template("{{ a|wan }} {{ a|yuan }} {{ p|pct }} {{ n|absolute|wan }}")
    out = template.render(Context({"a": Decimal("3742000"), "p": Decimal("25.3"), "n": Decimal("-947000")}))
    assert out == "374.2万元 3,742,000.00元 25.3% 94.7万元"
