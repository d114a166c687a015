"""The shape of a fast screening: one automaton per pack, built once, and the same hits as the
sentence-by-sentence search it replaced (first occurrence per sentence, prohibitions, pairs)."""

from jianfu.policy.engine import engine_for
from jianfu.policy.pack import load_pack
from jianfu.policy.screening import scan
from jianfu.policy.screening.engine import read, screen, sentences

NOTICE = (
    "请全体教师下载安装某某通APP并完成实名注册，下载后每天转发截图。"
    "严禁抽调教师参加庆典，不得要求教师关注公众号。"
    "请各校组织教师参加爱心一日捐，每人不少于50元；检查组将暗访，迎检材料请备好，暗访结果通报。"
)


def test_the_automaton_is_built_once_per_pack_not_per_screening(monkeypatch):
    built = []
    original = scan.Watcher.__init__

    def counting(self, pack):
        built.append(pack)
        original(self, pack)

    monkeypatch.setattr(scan.Watcher, "__init__", counting)
    pack = load_pack("anshun-2021", ())  # a pack object no screening has seen yet
    for _ in range(3):
        screen(NOTICE, pack)
        read("请教师下载APP。", pack)
    assert built == [pack]


def test_another_pack_object_gets_its_own_automaton():
    pack, other = engine_for().pack, load_pack("anshun-2021", ())
    assert scan.watcher_of(pack) is scan.watcher_of(pack)
    assert scan.watcher_of(other) is not scan.watcher_of(pack)


def test_hits_of_a_notice_with_a_prohibition_a_pair_and_repeated_phrases_are_as_before():
    # Expectations written down from the str.find engine before the automaton replaced it.
    reading = read(NOTICE, engine_for().pack)
    assert [(h.no, h.phrase, h.start, h.end) for h in reading.hits] == [
        (7, "下载安装", 5, 9),
        (7, "实名注册", 18, 22),
        (7, "下载", 5, 7),  # the pair's action at its first place, not the second 下载 (23)
        (7, "APP", 12, 15),
        (10, "转发", 28, 30),
        (10, "截图", 30, 32),
        (2, "一日捐", 67, 70),
        (2, "捐", 69, 70),
        (2, "教师", 61, 63),
        (1, "暗访", 84, 86),  # 暗访 twice in the sentence: the first counts
        (1, "迎检", 87, 89),
        (1, "检查", 80, 82),
    ]  # nothing from the sentence that forbids (严禁抽调教师…, 不得要求教师关注公众号)
    assert reading.teaching_hits == ()
    assert [(h.phrase, h.start) for h in reading.registrable] == [("检查", 80)]


def test_the_screening_of_that_notice_is_as_before():
    result = screen(NOTICE, engine_for().pack).as_dict()
    assert result["verdict"] == "refusable"
    assert result["negative_list_items"] == [2, 7]
    assert [(h["item"], h["phrase"], h["start"]) for h in result["hits"]] == [
        (7, "下载安装", 5),
        (7, "下载", 5),
        (7, "某某", 9),
        (7, "APP", 12),
        (7, "实名注册", 18),
        (7, "名注", 19),
        (7, "注册", 20),
        (2, "教师", 61),
        (2, "一日捐", 67),
        (2, "一日", 67),
        (2, "日捐", 68),
        (2, "捐", 69),
        (2, "每人不", 71),
        (2, "人不少", 72),
    ]


def test_a_phrase_across_a_sentence_end_stands_in_no_sentence():
    # "APP" and "下载" in different sentences: no pair; the signal split by 。 is not found either.
    reading = read("请下载。APP已上线。实名。注册", engine_for().pack)
    assert reading.hits == ()


def _sentences_by_hand(text):
    """The character-by-character cutting the regular expression replaced."""
    start = 0
    for index, char in enumerate(text):
        if char in "。！？；!?;\n":
            if index > start:
                yield start, text[start : index + 1]
            start = index + 1
    if start < len(text):
        yield start, text[start:]


def test_sentences_are_cut_as_before_at_every_kind_of_end():
    for text in ("", "。", "。。甲。", "甲乙", "甲。乙！丙？丁；戊!己?庚;辛\n壬", "甲。。\n\n乙", "；甲"):
        assert list(sentences(text)) == list(_sentences_by_hand(text))


def test_packs_are_parsed_by_libyaml_where_pyyaml_has_it():
    import yaml

    from jianfu.policy import source

    assert yaml.__with_libyaml__  # the locked PyYAML wheel is built with it
    assert issubclass(source._Loader, yaml.CSafeLoader)


def test_the_model_s_packed_weights_read_back_as_its_weights():
    from jianfu.policy.screening.model import OFFSET, QUANTUM, shipped_model

    model = shipped_model()
    for feature, pairs in list(model.weights.items())[:500]:
        if feature in model.packed:
            lanes = model.packed[feature].to_bytes(4 * len(model.classes), "little")
            read = [int.from_bytes(lanes[4 * i : 4 * i + 4], "little") - OFFSET for i in range(len(model.classes))]
            expected = dict.fromkeys(range(len(model.classes)), 0) | {i: round(w * QUANTUM) for i, w in pairs}
            assert read == [expected[i] for i in range(len(model.classes))]
