"""GET /api/v1/dictionary, /api/v1/dictionary/suggest and /api/v1/dictionary/{id}, with a token."""

from django.test import Client

from jianfu.org.services import api_token_create


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(acting_user=user, name='程序')}")


def test_a_program_lists_the_elements_a_query_names_with_every_field(world):
    answer = bearer(world.department_clerk).get("/api/v1/dictionary", {"q": "职称"})
    body = answer.json()
    assert answer.status_code == 200 and body["count"] == len(body["items"]) >= 1
    title = next(item for item in body["items"] if item["id"] == "teacher.title")
    assert title["owner"] == "全国教师管理信息系统" and title["type"] == "choice" and "高级教师" in title["choices"]
    assert bearer(world.department_clerk).get("/api/v1/dictionary").json()["count"] >= 150


def test_a_program_is_told_which_element_a_label_asks_for(world):
    answer = bearer(world.department_clerk).get("/api/v1/dictionary/suggest", {"label": "身份证号码 "})
    best = answer.json()[0]
    assert answer.status_code == 200 and best["exact"] and best["element"]["id"] == "teacher.id_number"
    assert best["element"]["personal"] is True


def test_one_element_is_read_by_its_id_and_an_unknown_id_is_not_found(world):
    client = bearer(world.county_officer)
    assert client.get("/api/v1/dictionary/pupil.register_number").json()["label"] == "全国学籍号"
    missing = client.get("/api/v1/dictionary/pupil.favourite_colour")
    assert missing.status_code == 404 and missing.json()["detail"]


def test_a_bad_filter_or_label_is_refused_with_a_sentence(world):
    client = bearer(world.department_clerk)
    owner = client.get("/api/v1/dictionary", {"owner": "统计年鉴"})
    assert owner.status_code == 400 and "没有名为“统计年鉴”的来源系统" in owner.json()["detail"]
    empty = client.get("/api/v1/dictionary/suggest", {"label": " "})
    assert empty.status_code == 400 and "请在 label 中给出字段名称" in empty.json()["detail"]


def test_without_a_token_or_session_the_dictionary_is_closed(db):
    assert Client().get("/api/v1/dictionary").status_code == 401
