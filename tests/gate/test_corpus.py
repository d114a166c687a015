"""The corpus of real notices: well formed, split by source into training and test parts, and holding
cases of every kind of miss issue 10 names. Only counts of the test part are read here, never its texts."""

from collections import Counter
from pathlib import Path

from jianfu.policy.screening.corpus import TEST, TRAIN, corpus_files, examples_of, part_of, read_jsonl, source_of

CORPUS = Path(__file__).parent / "corpus"
FILES = corpus_files(CORPUS)
KEYS = {"text", "kind", "items", "source", "date", "reason"}


def test_every_example_is_well_formed_with_its_source_and_date():
    for path in FILES:
        for example in read_jsonl(path):
            assert set(example) >= KEYS, (path.name, example.get("id"))
            assert example["kind"] in ("burden", "legitimate")
            if example["kind"] == "legitimate":
                assert example["items"] == [], example.get("id")
            else:  # a burden falls under list items, or only under the measures' rules (2.8, 1.3, 4.2)
                assert example["items"] or example.get("rules"), example.get("id")
            assert set(example["items"]) <= set(range(1, 20)) and source_of(example).startswith("http")


def test_the_split_is_by_source_deterministic_and_about_thirty_percent():
    train, test = examples_of(FILES, TRAIN), examples_of(FILES, TEST)
    assert not {source_of(e) for e in train} & {source_of(e) for e in test}
    assert all(part_of(source_of(e)) == TEST for e in test)
    assert 0.2 <= len(test) / (len(train) + len(test)) <= 0.4
    assert part_of("https://example.org/a/") == part_of("HTTPS://EXAMPLE.ORG/a")


def test_a_source_of_the_test_part_in_a_training_file_is_left_out(tmp_path):
    test_source = next(f"https://example.org/{n}" for n in range(100) if part_of(f"https://example.org/{n}") == TEST)
    extra = tmp_path / "extra_train.jsonl"
    extra.write_text(
        f'{{"text": "a", "items": [1], "source": "{test_source}"}}\n{{"text": "b", "items": [], "source": ""}}\n',
        encoding="utf-8",
    )
    assert [e["text"] for e in examples_of([extra], TRAIN)] == ["b"] and examples_of([extra], TEST) == []


def test_both_parts_hold_burdens_of_most_items_and_legitimate_notices():
    for part, least in ((TRAIN, 18), (TEST, 14)):
        examples = examples_of(FILES, part)
        items = Counter(no for e in examples for no in e["items"])
        assert len(items) >= least, (part, sorted(items))
        assert sum(1 for e in examples if not e["items"]) >= 50


def test_the_corpus_has_cases_of_every_kind_of_miss_the_issue_names():
    examples = examples_of(FILES)

    def count(items=(), words=(), legitimate=False, styles=()):
        return sum(
            1
            for e in examples
            if (not items or set(items) & set(e["items"]))
            and (not words or any(w in e["text"] for w in words))
            and (not legitimate or not e["items"])
            and (not styles or e.get("style") in styles)
        )

    campaigns = ("反诈", "诈骗", "禁毒", "溺水", "普法", "法治", "健康", "碘", "文明城市", "创文", "垃圾分类")
    assert count(items=[10], words=campaigns) >= 10  # other departments' publicity campaigns
    assert count(items=[9]) >= 10  # contests, study and quiz activities
    assert count(items=[19]) >= 10  # other unrelated matters: fees, selling, fundraising
    assert count(items=[15], words=("巡", "执勤", "值守", "防汛", "防火", "站岗")) >= 10
    assert count(items=[1]) >= 10 and count(items=[14]) >= 10
    assert count(items=range(1, 20), styles=("report", "complaint", "message")) >= 100  # descriptive language
    assert count(words=("排练", "演出", "汇演")) >= 1 and count(words=("参与率", "%", "％")) >= 5
    assert count(words=("年终考核", "纳入考核", "考核挂钩", "纳入年度考核")) >= 3
    assert count(legitimate=True, words=("检查", "督导", "视导")) >= 10  # teaching inspections
    assert count(legitimate=True, words=("考试", "监考", "考务")) >= 5
    assert count(legitimate=True, words=("培训", "研修")) >= 5
    assert count(legitimate=True, words=("统计", "报表", "填报")) >= 5
