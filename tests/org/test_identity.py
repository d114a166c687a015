"""ID numbers: validated by GB 11643, stored encrypted, shown masked except with explicit permission."""

import pytest
from django.contrib.auth.models import Permission

from jianfu.org.identity import (
    check_digit,
    decrypt_id_number,
    encrypt_id_number,
    id_number_problem,
    mask_id_number,
)

VALID = "11010519491231002X"  # the standard's own worked example


def test_the_standard_example_number_is_valid():
    assert check_digit(VALID[:17]) == "X"
    assert id_number_problem(VALID) is None


@pytest.mark.parametrize(
    "bad, says",
    [
        ("110105194912310021", "校验位错误"),
        ("11010519491231002", "应为 18 位"),
        ("1101051949123100AX", "前 17 位应为数字"),
        ("110105194902300020", "出生日期 19490230 不存在"),
        ("110105230012310020", "不合理"),
    ],
)
def test_a_bad_number_is_refused_with_what_is_wrong_and_the_fix(bad, says):
    problem = id_number_problem(bad)
    assert says in problem and "请核对后重填" in problem


def test_a_number_is_masked_keeping_region_and_last_four():
    assert mask_id_number("52040219800101123X") == "5204**********123X"


def test_the_stored_form_is_not_the_number_and_decrypts_back(db):
    cipher = encrypt_id_number(VALID)
    assert VALID not in cipher
    assert decrypt_id_number(cipher) == VALID


def test_the_database_holds_no_plain_id_number(world):
    plain = decrypt_id_number(world.xixiu_teacher.id_number_cipher)
    row = world.xixiu_teacher
    assert plain not in (row.id_number_cipher, row.id_number_digest, row.id_number_masked)


def test_a_county_officer_sees_the_masked_number_only(world, client_for):
    plain = decrypt_id_number(world.xixiu_teacher.id_number_cipher)
    page = client_for(world.county_officer).get(f"/teachers/{world.xixiu_teacher.pk}/").content.decode()
    assert world.xixiu_teacher.id_number_masked in page
    assert plain not in page


def test_an_officer_with_the_explicit_permission_sees_the_full_number(world, client_for):
    world.county_officer.user_permissions.add(Permission.objects.get(codename="view_teacher_id_number"))
    plain = decrypt_id_number(world.xixiu_teacher.id_number_cipher)
    page = client_for(world.county_officer).get(f"/teachers/{world.xixiu_teacher.pk}/").content.decode()
    assert plain in page


def test_the_api_never_returns_the_full_number(world, client_for):
    plain = decrypt_id_number(world.xixiu_teacher.id_number_cipher)
    body = client_for(world.county_officer).get("/api/v1/teachers").content.decode()
    assert plain not in body and world.xixiu_teacher.id_number_masked in body
