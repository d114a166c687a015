"""The dictionary's page /dictionary/: everyone signed in can search what is already held before asking
schools for it; a filter it cannot apply is answered with a sentence naming the parameter."""


def test_a_requester_finds_the_id_number_by_a_synonym_and_sees_its_system_and_that_it_is_personal(world, client_for):
    page = client_for(world.department_clerk).get("/dictionary/", {"q": "身份证号"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="teacher.id_number"' in html and "身份证件号码" in html and "全国教师管理信息系统" in html
    assert 'id="teacher.title"' not in html


def test_the_page_filters_by_owner_system_level_and_personal_data(world, client_for):
    client = client_for(world.principal)
    roster = client.get("/dictionary/", {"owner": "减负通花名册", "level": "school"}).content.decode()
    assert 'id="roster.teachers_seconded"' in roster and 'id="roster.post_status"' not in roster
    assert "本平台已有，表单自动填入" in roster
    personal = client.get("/dictionary/", {"level": "pupil", "personal": "no"}).content.decode()
    assert 'id="pupil.grade"' in personal and 'id="pupil.name"' not in personal


def test_a_search_that_finds_nothing_says_how_to_declare_a_new_field(world, client_for):
    html = client_for(world.teacher).get("/dictionary/", {"q": "最喜欢的颜色"}).content.decode()
    assert "找到 0 项" in html and "标为新增并写明定义" in html


def test_a_bad_filter_is_answered_with_a_sentence_naming_the_parameter_and_its_values(world, client_for):
    client = client_for(world.department_clerk)
    level = client.get("/dictionary/", {"level": "parents"})
    assert level.status_code == 400
    assert "层级 level 应为 school, teacher, pupil, facility 之一，而不是“parents”" in level.content.decode()
    personal = client.get("/dictionary/", {"personal": "maybe"})
    assert personal.status_code == 400 and "personal 应为 yes" in personal.content.decode()
    long_query = client.get("/dictionary/", {"q": "字" * 61})
    assert long_query.status_code == 400 and "搜索词 q 过长（61 个字）" in long_query.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    answer = client.get("/dictionary/")
    assert answer.status_code == 302 and "login" in answer["Location"]
