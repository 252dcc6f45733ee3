"""The comparison of two evaluation snapshots (evaluations.compare)."""

import copy

import pytest

from evaluations.compare import ADDED, CHANGED, REMOVED, SAME, compare
from evaluations.funding import snapshot
from tests.factories import IndicatorPeriodFactory, UnexpectedResultFactory


def _snapshot():
    period = {
        "label": "2017",
        "event": "Journée inter-associative 2017",
        "year": 2017,
        "target": "150",
        "actual": "120",
        "achievement": "partiel",
        "source": "Maillage — inscriptions",
        "breakdown": {},
    }
    indicator = {
        "name": "Participants à la journée",
        "measure": "nombre",
        "unit": "personnes",
        "target": "150",
        "periods": [period],
    }
    return {
        "title": "Journée inter-associative",
        "period": ["2017-01-01", "2017-12-31"],
        "general_objective": "Créer du lien entre les associations.",
        "sub_objectives": [
            {
                "title": "Mutualiser",
                "results": [{"title": "Des liens", "indicators": [indicator]}],
            }
        ],
        "unexpected_results": [
            {"description": "Un groupe Facebook créé", "effect": "positif"}
        ],
        "improvement_points": [],
        "relationship": {"expectations": "Un appui en communication", "assessment": ""},
    }


def _lines(comparison, section=0):
    return comparison.sections[section].lines


def _find(lines, label, heading=False):
    return [line for line in lines if line.label == label and line.heading == heading]


def test_identical_snapshots_have_no_change():
    comparison = compare(_snapshot(), _snapshot())

    assert not comparison.has_changes
    assert comparison.change_count == 0
    assert {line.status for s in comparison.sections for line in s.lines} == {SAME}


def test_a_changed_actual_and_target_are_marked_changed_with_both_values():
    before, after = _snapshot(), _snapshot()
    period = after["sub_objectives"][0]["results"][0]["indicators"][0]["periods"][0]
    period["actual"] = "212"
    period["achievement"] = "atteint"

    lines = _lines(compare(before, after))

    (actual,) = _find(lines, "Réalisé")
    assert (actual.a, actual.b, actual.status) == ("120", "212", CHANGED)
    (achieved,) = _find(lines, "Atteinte")
    assert (achieved.a, achieved.b) == ("Partiellement atteint", "Atteint")
    (target,) = _find(lines, "Cible")
    assert target.status == SAME


def test_an_inserted_sub_objective_is_added_and_the_others_stay_aligned():
    before, after = _snapshot(), _snapshot()
    after["sub_objectives"].insert(0, {"title": "Évaluer", "results": []})

    lines = _lines(compare(before, after))

    headings = [
        (line.a, line.b, line.status) for line in _find(lines, "Sous-objectif", True)
    ]
    assert headings == [
        ("", "Évaluer", ADDED),
        ("Mutualiser", "Mutualiser", SAME),
    ]
    assert {line.status for line in lines} == {SAME, ADDED}


def test_a_renamed_indicator_is_one_changed_heading_and_a_removed_one_is_removed():
    before, after = _snapshot(), _snapshot()
    indicators = after["sub_objectives"][0]["results"][0]["indicators"]
    indicators[0]["name"] = "Participants inscrits"
    after["unexpected_results"] = []

    comparison = compare(before, after)

    (heading,) = _find(_lines(comparison), "Indicateur", True)
    assert heading.status == CHANGED
    assert (heading.a, heading.b) == (
        "Participants à la journée",
        "Participants inscrits",
    )
    unexpected = _lines(comparison, 1)
    assert {line.status for line in unexpected} == {REMOVED}
    assert comparison.sections[1].change_count == 1  # the effect line


def test_parts_3_and_4_are_compared():
    before, after = _snapshot(), _snapshot()
    after["improvement_points"] = [
        {"description": "Plus de temps pour les ateliers", "kind": "amelioration"}
    ]
    after["relationship"]["assessment"] = "Un partenariat au-delà du financement."

    comparison = compare(before, after)

    assert [line.status for line in _lines(comparison, 2)] == [ADDED, ADDED]
    (assessment,) = _find(
        _lines(comparison, 3), "Évaluation de la relation partenariale"
    )
    assert assessment.status == CHANGED
    assert comparison.sections[3].change_count == 1


def test_odd_values_from_an_older_snapshot_do_not_break_it():
    before, after = _snapshot(), copy.deepcopy(_snapshot())
    after["sub_objectives"][0]["results"][0]["indicators"][0]["measure"] = "inconnu"
    after["sub_objectives"][0]["results"][0]["indicators"][0]["target"] = "beaucoup"
    del after["relationship"]

    comparison = compare(before, after)

    assert comparison.has_changes


@pytest.mark.django_db
def test_it_reads_real_snapshots_of_the_workflow():
    period = IndicatorPeriodFactory(actual=80)
    project = period.indicator.result.sub_objective.project
    before = snapshot(project)
    period.actual = 95
    period.save()
    UnexpectedResultFactory(project=project)

    comparison = compare(before, snapshot(project))

    (actual,) = _find(_lines(comparison), "Réalisé")
    assert (actual.a, actual.b) == ("80", "95")
    assert comparison.sections[1].lines[0].status == ADDED
