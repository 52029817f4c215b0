"""How many possible breaches there are: one count, used by `ceasefire assess` and the report alike.

An assessment is one (incident, commitment, party); a third-party commitment gives one per obligated
party other than the territory's, so counting assessments counts some acts twice. Here a possible
breach is one incident held against one direct commitment, whatever the parties; an act of a third
party engaging a commitment is counted apart, for it is not a direct breach. Each pair is reviewed
when a person has reviewed its incident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ceasefire.domain.agreement import Assessment, RuleKind

Pair = tuple[str, str]  # (incident id, commitment id)


@dataclass(frozen=True, slots=True)
class Tally:
    breaches: tuple[Pair, ...]  # direct commitments, once per incident and commitment
    engagements: tuple[Pair, ...]  # third-party commitments, likewise
    reviewed: frozenset[str]  # the reviewed incidents among those

    @property
    def breach_incidents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(incident for incident, _ in self.breaches))

    @property
    def engagement_incidents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(incident for incident, _ in self.engagements))

    @property
    def reviewed_breaches(self) -> int:
        return sum(1 for incident, _ in self.breaches if incident in self.reviewed)

    @property
    def unreviewed_breaches(self) -> int:
        return len(self.breaches) - self.reviewed_breaches

    def sentence(self) -> str:
        """The tally in words, as `assess` prints it and the report states it."""
        breaches = len(self.breaches)
        engagements = len(self.engagements)
        return (
            f"{breaches} possible {_plural(breaches, 'breach', 'breaches')} (incident and "
            f"commitment) in {_count(len(self.breach_incidents), 'incident')}: "
            f"{self.reviewed_breaches} reviewed, {self.unreviewed_breaches} not yet reviewed; "
            f"{engagements} third-party {_plural(engagements, 'engagement', 'engagements')} in "
            f"{_count(len(self.engagement_incidents), 'incident')}, not direct breaches"
        )


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _count(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def tally(assessments: Iterable[Assessment], reviewed: Iterable[str]) -> Tally:
    """The tally of ``assessments``; ``reviewed`` holds the ids of the incidents a person reviewed."""
    ordered = sorted(assessments, key=lambda a: (a.incident, a.commitment))
    breaches = dict.fromkeys(
        (a.incident, a.commitment) for a in ordered if a.rule == RuleKind.DIRECT
    )
    engagements = dict.fromkeys(
        (a.incident, a.commitment) for a in ordered if a.rule == RuleKind.THIRD_PARTY
    )
    involved = {incident for incident, _ in (*breaches, *engagements)}
    return Tally(tuple(breaches), tuple(engagements), frozenset(set(reviewed) & involved))
