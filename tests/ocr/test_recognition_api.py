"""Photos through the API: POST /api/v1/screen with a multipart upload answers 202 and the recognition's
address; GET /api/v1/recognitions/{id} gives the progress, then the text and its screening, to its owner."""

import io
from io import StringIO

from django.core.management import call_command
from django.test import Client

from jianfu.ocr.models import Recognition
from tests.ocr.images import notice_photo, upload

NOTICE = "请全体教师下载安装某某通APP并完成实名注册，注册率纳入年度考核。"


def token_client(username: str) -> Client:
    out = StringIO()
    call_command("token", username, stdout=out)
    token = out.getvalue().strip().split()[-1]
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")


def photo_upload(data: bytes, name: str = "通知.jpg") -> io.BytesIO:
    return upload(data, name)


def test_a_token_client_posts_a_photo_and_polls_until_the_screening(world):
    client = token_client("principal")
    accepted = client.post("/api/v1/screen", {"file": photo_upload(notice_photo(NOTICE))})
    assert accepted.status_code == 202, accepted.content
    body = accepted.json()
    assert body["state"] == "queued" and body["status_url"] == f"/api/v1/recognitions/{body['id']}"
    waiting = client.get(body["status_url"]).json()
    assert waiting["state"] == "queued" and waiting["text"] is None and waiting["screening"] is None

    call_command("worker", "--once")
    done = client.get(body["status_url"]).json()
    assert done["state"] == "done" and done["pages_done"] == done["pages_total"] == 1
    assert "实名注册" in done["text"]
    assert done["screening"]["verdict"] == "refusable"


def test_another_persons_recognition_is_not_found(world):
    accepted = token_client("principal").post("/api/v1/screen", {"file": photo_upload(notice_photo(NOTICE))})
    other = token_client("county_officer").get(accepted.json()["status_url"])
    assert other.status_code == 404
    assert token_client("principal").get("/api/v1/recognitions/not-a-uuid").status_code == 422


def test_a_multipart_file_that_is_no_picture_is_refused_by_name(world):
    files = [photo_upload(notice_photo(NOTICE), "第一页.png"), photo_upload(b"hello", "照片.jpg")]
    response = token_client("principal").post("/api/v1/screen", {"file": files})
    assert response.status_code == 422
    assert "文件「照片.jpg」" in response.json()["detail"]
    assert not Recognition.objects.exists()


def test_json_text_is_still_screened_at_once(world):
    response = token_client("principal").post("/api/v1/screen", {"text": NOTICE}, content_type="application/json")
    assert response.status_code == 200 and response.json()["verdict"] == "refusable"
    missing = token_client("principal").post("/api/v1/screen", {}, content_type="application/json")
    assert missing.status_code == 422 and "text" in str(missing.json())


def test_the_web_and_api_modules_import_no_recognition_engine():
    """A web worker imports the URLs and the API; the engine (rapidocr, onnxruntime, cv2) loads only in
    the task worker's process, when a recognition runs."""
    import subprocess
    import sys

    probe = (
        "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jianfu.config.settings'); "
        "django.setup(); import jianfu.config.urls, jianfu.api, jianfu.ocr.views, jianfu.ocr.tasks; "
        "print(sorted(m for m in ('rapidocr', 'onnxruntime', 'cv2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
