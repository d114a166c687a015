"""The API's own refusals in Chinese: a parameter of the wrong type or missing, and an object not
found. ninja answers these in English by default; the rest of the API already speaks Chinese. `ErrorOut`
is the shape of every refusal the API documents: the message, and the field it names when there is one."""

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    field: str | None = None


NOT_FOUND = "找不到：该对象不存在，或不在您的查看范围内；请核对编号"

# pydantic's error types, as what the value should have been.
SHOULD_BE = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值表（JSON 对象）",
    "model_type": "应为键值表（JSON 对象）",
    "json_invalid": "JSON 格式有误",
}
PLACES = {"query": "查询参数", "path": "路径参数", "body": "请求正文", "form": "表单", "header": "请求头"}


def validation_message(errors: list[dict]) -> str:
    """One sentence per wrong parameter: where it is, its name, and what it should be."""
    return "请求参数有误：" + "；".join(_one(error) for error in errors)


def _one(error: dict) -> str:
    where, *names = [str(part) for part in error.get("loc", ())] or ["body"]
    names = [n for n in names if n not in ("payload",)]
    field = ".".join(names) or "（整体）"
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "enum":
        should = f"应为以下之一：{context.get('expected', '')}"
    elif kind == "greater_than_equal":
        should = f"应不小于 {context.get('ge')}"
    elif kind in ("greater_than", "less_than", "less_than_equal"):
        bound = next(iter(context.values()), "")
        should = {"greater_than": "应大于", "less_than": "应小于", "less_than_equal": "应不大于"}[kind] + f" {bound}"
    else:
        should = SHOULD_BE.get(kind, f"格式有误（{error.get('msg', '')}）")
    return f"{PLACES.get(where, where)} {field} {should}"
