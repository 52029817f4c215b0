"""rendering.incident_rows writes the incident table's rows as the template's own loop wrote them
(kept here as the reference), byte for byte, for records with any text: markup, quotes,
ampersands, non-ASCII, empty and missing values, review flags, figures known or not."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.web.rendering import environment

# The loop incident_table.html had before rendering.incident_rows wrote its rows.
LOOP = """<tbody>
{% for i in page.items %}
<tr>
  <td><a href="/incidents/{{ i["id"] }}">{{ i["event_date"] or "undated" }}</a></td>
  <td>{{ i["sub_event_type"] }}</td>
  <td>{{ i["location"] or "" }}{% if i["admin1"] %}, {{ i["admin1"] }}{% endif %}{% if i["country"] %}, {{ i["country"] }}{% endif %}</td>
  <td>{{ i["actor1"] or "unknown" }}</td>
  <td>{{ i["actor2"] or "" }}</td>
  <td>{{ estimate(i["fatalities"]) }}</td>
  <td>{{ estimate(i["injuries"]) }}</td>
  <td>{{ i["claims"]|length }}</td>
  <td class="grade">{{ i["grade"] or "—" }}</td>
  <td class="reviewed">{% if i["review_flag"] %}yes; reprocessing reads other {{ i["review_flag"] }}{% else %}{{ "yes" if i["reviewed"] else "not yet" }}{% endif %}</td>
</tr>
{% else %}
<tr><td colspan="10">No incidents match.</td></tr>
{% endfor %}
</tbody>"""

TEXT = st.one_of(st.none(), st.text(alphabet=st.sampled_from("a&<>'\\\"é— 0"), max_size=8))
FIGURE = st.one_of(st.none(), st.integers(0, 10**25))
RECORD = st.fixed_dictionaries(
    {
        "id": st.text(alphabet="0123456789abcdef<&", min_size=1, max_size=8),
        "event_date": st.one_of(st.none(), st.just(""), st.just("2025-10-19")),
        "sub_event_type": TEXT,
        "location": TEXT,
        "admin1": TEXT,
        "country": TEXT,
        "actor1": TEXT,
        "actor2": TEXT,
        "fatalities": st.fixed_dictionaries({"low": FIGURE, "best": FIGURE, "high": FIGURE}),
        "injuries": st.fixed_dictionaries({"low": FIGURE, "best": FIGURE, "high": FIGURE}),
        "claims": st.lists(st.none(), max_size=3),
        "grade": st.one_of(st.none(), st.sampled_from(["", "A1", "C3"])),
        "reviewed": st.booleans(),
        "review_flag": TEXT,
    }
)


class Page:
    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items


@settings(max_examples=200, deadline=None)
@given(st.lists(RECORD, max_size=4))
def test_the_rows_are_the_loops(items: list[dict[str, Any]]) -> None:
    env = environment()
    reference = env.from_string(LOOP).render(page=Page(items))
    written = env.from_string("<tbody>\n{{ incident_rows(page.items) }}\n</tbody>")
    assert written.render(page=Page(items)) == reference


def test_the_table_writes_its_rows_with_incident_rows() -> None:
    """The template itself: one record's row and the empty table's sentence."""
    table = environment().get_template("incident_table.html")
    row = {
        "id": "ab12",
        "event_date": None,
        "sub_event_type": "Armed clash",
        "location": 'Tor"kham',
        "admin1": "Nangarhar",
        "country": "Afghanistan",
        "actor1": None,
        "actor2": "A & B",
        "fatalities": {"low": 2, "best": 4, "high": 5},
        "injuries": {"low": None, "best": None, "high": None},
        "claims": [1, 2],
        "grade": "B2",
        "reviewed": False,
        "review_flag": None,
    }
    html = table.render(page=Page([row]))
    assert '<a href="/incidents/ab12">undated</a>' in html
    assert "<td>Tor&#34;kham, Nangarhar, Afghanistan</td>" in html
    assert "<td>unknown</td>\n  <td>A &amp; B</td>" in html
    assert "<td>2–5 (best 4)</td>\n  <td>—</td>\n  <td>2</td>" in html
    assert '<td class="reviewed">not yet</td>' in html
    assert "No incidents match." in table.render(page=Page([]))
