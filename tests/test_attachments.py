"""Attachments (issue 10): allowed types judged by content, limits, SHA-256 kept and checked on every
read, the virus-scan hook, storage in the database or a shared directory, trade secrets (Changde
第三十八条) read only by the office and their owner with every read audited, and who sees what."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import update

from core.applications import attachments as service
from core.applications.models import Attachment, Correction, ScanStatus
from core.platform.models import Role
from core.platform.tenancy import Scope, scoped
from core.testing import TEST_PASSWORD
from tests.lifecycle import make_applicant, make_application, make_cycle
from tests.walk import all_items, items

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE2 = service.OLE2 + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode"


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()


ALLOWED = [
    (PDF, service.PDF, "自我评价报告.pdf"),
    (PNG, service.PNG, "证书.png"),
    (JPEG, service.JPEG, "photo.JPG"),
    (ooxml("word/document.xml"), service.DOCX, "申报表.docx"),
    (ooxml("xl/workbook.xml"), service.XLSX, "财务数据.xlsx"),
    (ooxml("ppt/presentation.xml"), service.PPTX, "陈述.pptx"),
    (OLE2, service.DOC, "old.doc"),
    (OLE2, service.XLS, "old.xls"),
]


def upload(api, application_id, content=PDF, media=service.PDF, filename="report.pdf", headers=None, **query):
    qs = urlencode({"filename": filename, **{k: str(v).lower() if isinstance(v, bool) else v
                                             for k, v in query.items()}})
    return api.request("POST", f"/api/v1/applications/{application_id}/attachments?{qs}", data=content,
                       headers={"Content-Type": media, **(headers or {})})


def events(world, action):
    return [e for e in all_items(world.admin, f"/api/v1/audit-events?action={action}")]


@pytest.fixture
def case(tenant_a, mqa_runtime):
    tid = tenant_a.tenant.id
    cycle = make_cycle(mqa_runtime, tid)
    applicant = make_applicant(mqa_runtime, tid, tenant_a.user_ids[Role.APPLICANT])
    draft = make_application(mqa_runtime, tid, cycle, applicant, status="draft")
    return SimpleNamespace(world=tenant_a, runtime=mqa_runtime, cycle=cycle, applicant=applicant, draft=draft,
                           me=tenant_a.as_(Role.APPLICANT))


@pytest.fixture
def other_applicant(case, mqa_factory, anon):
    user = mqa_factory.user(case.world.tenant, Role.APPLICANT, "applicant-b")
    make_applicant(case.runtime, case.world.tenant.id, user.id, name="另一家公司", uscc="91320600MA1MXXXX11")
    return anon.login(user.username, TEST_PASSWORD, tenant=case.world.tenant.code)


# -- types, limits, hashes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content, media, filename", ALLOWED, ids=[a[2] for a in ALLOWED])
def test_each_allowed_type_is_kept_with_its_sha256_and_served_back(case, content, media, filename):
    response = upload(case.me, case.draft, content, media, filename, description="材料")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    digest = hashlib.sha256(content).hexdigest()
    assert (body["sha256"], body["size"], body["media_type"], body["filename"]) == (digest, len(content), media,
                                                                                 filename)
    assert body["scan_status"] == "not_scanned" and body["storage"] == "database" and body["trade_secret"] is False
    assert response.headers["ETag"] == '"1"'
    read = case.me.get(f"/api/v1/attachments/{body['id']}/content")
    assert read.status_code == 200 and read.data == content and read.mimetype == media
    assert read.headers["ETag"] == f'"{digest}"'
    assert read.headers["Digest"].startswith("sha-256=") and read.headers["X-Content-Type-Options"] == "nosniff"
    assert f"filename*=UTF-8''{quote(filename, safe='')}" in read.headers["Content-Disposition"]


@pytest.mark.parametrize("content, media, filename, status, field", [
    (EXE, service.PDF, "report.pdf", 422, "file"),                  # an executable dressed as a PDF
    (EXE, "application/x-msdownload", "setup.exe", 415, "file"),    # a type nobody may upload
    (PDF, service.PNG, "report.png", 422, "file"),                  # declared type disagrees with the content
    (PDF, "text/plain", "report.pdf", 415, "file"),
    (plain_zip(), service.DOCX, "x.docx", 422, "file"),             # a zip without [Content_Types].xml
    (ooxml("xl/workbook.xml"), service.DOCX, "x.docx", 422, "file"),
    (PDF, service.PDF, "report.exe", 422, "filename"),              # the name hides what it is
    (b"", service.PDF, "empty.pdf", 422, "file"),
    (PDF, service.PDF, "../../", 422, "filename"),
])
def test_a_disguised_or_unknown_file_is_refused_and_nothing_kept(case, content, media, filename, status, field):
    response = upload(case.me, case.draft, content, media, filename)
    assert response.status_code == status, response.get_json()
    assert field in response.get_json()["errors"]
    assert items(case.me.get(f"/api/v1/applications/{case.draft}/attachments")) == []


def test_a_file_over_the_limit_is_refused_naming_the_limit(case, monkeypatch):
    monkeypatch.setattr(service, "max_file_bytes", lambda settings: 64)
    big = PDF + b"%" * (65 - len(PDF))
    response = upload(case.me, case.draft, big)
    assert response.status_code == 422 and "at most 64 bytes" in response.get_json()["errors"]["file"][0]
    chunked = case.me.client.post(
        f"/api/v1/applications/{case.draft}/attachments?filename=a.pdf", input_stream=io.BytesIO(big),
        headers={"Authorization": f"Bearer {case.me.token}", "Content-Type": service.PDF,
                 "Transfer-Encoding": "chunked"}, environ_overrides={"wsgi.input_terminated": True})
    assert chunked.status_code in (413, 422), chunked.get_json()
    assert items(case.me.get(f"/api/v1/applications/{case.draft}/attachments")) == []
    assert upload(case.me, case.draft, big[:64]).status_code == 201


def test_a_file_larger_than_a_json_body_may_be_is_accepted(case):
    big = PDF + b"0" * (case.runtime.settings.max_body_bytes * 2)
    response = upload(case.me, case.draft, big)
    assert response.status_code == 201 and response.get_json()["size"] == len(big)


def test_an_application_holds_at_most_max_files(case, monkeypatch):
    monkeypatch.setattr(service, "MAX_FILES", 2)
    assert [upload(case.me, case.draft).status_code for _ in range(2)] == [201, 201]
    refused = upload(case.me, case.draft)
    assert refused.status_code == 409 and "file" in refused.get_json()["errors"]


def test_the_filename_is_sanitized_and_kept_short(case):
    response = upload(case.me, case.draft, filename="C:\\temp\\" + "长" * 230 + "\x07.pdf")
    name = response.get_json()["filename"]
    assert response.status_code == 201 and len(name) == 200 and name.endswith(".pdf") and "\\" not in name


def test_corrupted_bytes_are_refused_with_a_clear_error_and_audited(case):
    created = upload(case.me, case.draft).get_json()
    with case.runtime.session() as session, scoped(session, Scope.tenant(case.world.tenant.id)):
        session.execute(update(Attachment).where(Attachment.id == created["id"]).values(content=PDF + b"tampered"))
        session.commit()
    for reader in (case.me, case.world.admin):
        response = reader.get(f"/api/v1/attachments/{created['id']}/content")
        body = response.get_json()
        assert response.status_code == 409 and body["details"]["expected_sha256"] == created["sha256"], body
        assert "SHA-256" in body["message"]
    failures = events(case.world, "attachment.integrity_failed")
    assert len(failures) == 2 and failures[0]["target_id"] == str(created["id"])
    assert failures[0]["outcome"] == "failure"


def test_directory_storage_serves_every_process_and_checks_the_hash(case, monkeypatch):
    monkeypatch.setattr(service, "storage_name", lambda settings: "directory")
    created = upload(case.me, case.draft, PNG, service.PNG, "a.png").get_json()
    assert created["storage"] == "directory"
    root = case.runtime.settings.instance_path / "attachments"
    [path] = [p for p in root.rglob("*") if p.is_file()]
    assert path.read_bytes() == PNG
    with case.runtime.session() as session, scoped(session, Scope.tenant(case.world.tenant.id)):
        assert session.get(Attachment, (case.world.tenant.id, created["id"])).content is None
    monkeypatch.setattr(service, "storage_name", lambda settings: "database")  # a file written earlier stays there
    assert case.me.get(f"/api/v1/attachments/{created['id']}/content").data == PNG
    path.write_bytes(PNG + b"x")
    assert case.me.get(f"/api/v1/attachments/{created['id']}/content").status_code == 409
    path.unlink()
    missing = case.me.get(f"/api/v1/attachments/{created['id']}/content")
    assert missing.status_code == 409 and missing.get_json()["details"]["actual_sha256"] is None
    assert len(events(case.world, "attachment.integrity_failed")) == 2


def test_an_infected_file_is_refused_audited_and_not_kept(case, monkeypatch):
    monkeypatch.setattr(service, "scanner", lambda settings: lambda content: (ScanStatus.INFECTED, "Eicar-Test"))
    response = upload(case.me, case.draft)
    assert response.status_code == 422 and "Eicar-Test" in response.get_json()["errors"]["file"][0]
    assert items(case.me.get(f"/api/v1/applications/{case.draft}/attachments")) == []
    [event] = events(case.world, "attachment.upload_denied")
    assert event["outcome"] == "denied" and event["details"]["scan"] == "Eicar-Test"


def test_a_scanner_that_fails_stores_nothing(case, monkeypatch):
    def broken(content):
        raise OSError("clamd is down")

    monkeypatch.setattr(service, "scanner", lambda settings: broken)
    assert upload(case.me, case.draft).status_code == 503
    monkeypatch.setattr(service, "scanner", lambda settings: lambda content: (ScanStatus.CLEAN, "clamd 1.0"))
    assert upload(case.me, case.draft).get_json()["scan_status"] == "clean"
    assert len(items(case.me.get(f"/api/v1/applications/{case.draft}/attachments"))) == 1


def test_a_scanner_is_plugged_in_by_setting():
    settings = SimpleNamespace(attachment_scanner="core.applications.attachments:no_scan")
    assert service.scanner(settings) is service.no_scan
    assert service.scanner(SimpleNamespace()) is service.no_scan
    with pytest.raises(ValueError):
        service.scanner(SimpleNamespace(attachment_scanner="clamd"))


def test_a_repeated_upload_with_the_same_key_creates_once(case):
    key = {"Idempotency-Key": "upload-1"}
    first, again = upload(case.me, case.draft, headers=key), upload(case.me, case.draft, headers=key)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()["id"] == again.get_json()["id"]
    assert upload(case.me, case.draft, PNG, service.PNG, "a.png", headers=key).status_code == 422
    assert len(items(case.me.get(f"/api/v1/applications/{case.draft}/attachments"))) == 1


# -- trade secrets (Changde 第三十八条) -------------------------------------------------------------------

def test_trade_secrets_are_read_by_the_office_and_the_owner_only_and_every_read_is_audited(case):
    secret = upload(case.me, case.draft, trade_secret=True).get_json()
    assert secret["trade_secret"] is True
    path = f"/api/v1/attachments/{secret['id']}/content"
    for role in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.APPLICANT):
        response = case.world.as_(role).get(path)
        assert response.status_code == 200 and response.data == PDF, role
    response = case.world.as_(Role.SUPERVISOR).get(path)
    assert response.status_code == 403 and "trade secret" in response.get_json()["message"]
    # an expert, assigned to nothing yet, learns nothing: not even that the file exists
    assert case.world.as_(Role.EXPERT).get(path).status_code == 404
    reads = events(case.world, "attachment.read")
    assert sorted(e["details"]["reader"] for e in reads) == sorted(
        f"{r.value}-city-a" for r in (Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.APPLICANT))
    assert {e["outcome"] for e in reads} == {"success"}
    denied = events(case.world, "attachment.read_denied")
    assert sorted(e["actor_role"] for e in denied) == ["expert", "supervisor"]
    assert {e["outcome"] for e in denied} == {"denied"} and {e["target_id"] for e in denied} == {str(secret["id"])}
    # supervisors still see that it exists (metadata), like everyone who may see the application
    listed = items(case.world.as_(Role.SUPERVISOR).get(f"/api/v1/applications/{case.draft}/attachments"))
    assert [(a["id"], a["trade_secret"]) for a in listed] == [(secret["id"], True)]


def test_ordinary_files_are_read_without_audit(case):
    plain = upload(case.me, case.draft).get_json()
    assert case.world.as_(Role.SUPERVISOR).get(f"/api/v1/attachments/{plain['id']}/content").status_code == 200
    assert events(case.world, "attachment.read") == []


def test_experts_are_refused_until_review_panels_assign_them(case):
    secret = upload(case.me, case.draft, trade_secret=True).get_json()
    with case.runtime.session() as session, scoped(session, Scope.tenant(case.world.tenant.id)):
        row = session.get(Attachment, (case.world.tenant.id, secret["id"]))
        principal = SimpleNamespace(role=Role.EXPERT, user_id=case.world.user_ids[Role.EXPERT])
        assert service.may_read_trade_secret(session, principal, row) is False


def test_another_applicant_sees_nothing_and_its_probe_of_a_secret_is_audited(case, other_applicant):
    secret = upload(case.me, case.draft, trade_secret=True).get_json()
    aid = secret["id"]
    for response in (other_applicant.get(f"/api/v1/applications/{case.draft}/attachments"),
                     other_applicant.get(f"/api/v1/attachments/{aid}"),
                     other_applicant.get(f"/api/v1/attachments/{aid}/content"),
                     other_applicant.patch(f"/api/v1/attachments/{aid}", json={"description": "x"},
                                           headers={"If-Match": '"1"'}),
                     other_applicant.request("DELETE", f"/api/v1/attachments/{aid}"),
                     upload(other_applicant, case.draft)):
        assert response.status_code == 404 and response.get_json()["code"] == "not_found", response.get_json()
    [denied] = events(case.world, "attachment.read_denied")
    assert denied["actor_username"] == "applicant-b"
    assert case.me.get(f"/api/v1/attachments/{aid}").get_json()["description"] == ""


def test_another_tenant_gets_404_everywhere(case, tenant_b):
    aid = upload(case.me, case.draft).get_json()["id"]
    for role in (Role.OFFICE_ADMIN, Role.APPLICANT, Role.SUPERVISOR):
        api = tenant_b.as_(role)
        for path in (f"/api/v1/applications/{case.draft}/attachments", f"/api/v1/attachments/{aid}",
                     f"/api/v1/attachments/{aid}/content"):
            assert api.get(path).status_code == 404, (role, path)
    assert upload(tenant_b.as_(Role.APPLICANT), case.draft).status_code == 404
    assert tenant_b.as_(Role.APPLICANT).request("DELETE", f"/api/v1/attachments/{aid}").status_code == 404


# -- the application's state --------------------------------------------------------------------------

def test_a_submitted_application_is_frozen(case):
    submitted = make_application(case.runtime, case.world.tenant.id, case.cycle, case.applicant)
    response = upload(case.me, submitted)
    assert response.status_code == 409 and response.get_json()["details"]["status"] == "submitted"
    assert items(case.me.get(f"/api/v1/applications/{submitted}/attachments")) == []


def test_corrections_take_new_files_but_no_changes_to_kept_ones(case):
    correcting = make_application(case.runtime, case.world.tenant.id, case.cycle, case.applicant,
                                  status="correction_requested")
    with case.runtime.session() as session, scoped(session, Scope.tenant(case.world.tenant.id)):
        session.add(Correction(application_id=correcting, items=[{"field": "facts.name", "problem": "不符"}],
                               deadline=dt.date(2099, 12, 31)))
        session.commit()
    aid = upload(case.me, correcting).get_json()["id"]
    assert case.me.patch(f"/api/v1/attachments/{aid}", json={"description": "x"},
                         headers={"If-Match": '"1"'}).status_code == 409
    assert case.me.request("DELETE", f"/api/v1/attachments/{aid}").status_code == 409


def test_a_draft_file_is_changed_with_if_match_and_removed_audited(case):
    aid = upload(case.me, case.draft).get_json()["id"]
    path = f"/api/v1/attachments/{aid}"
    assert case.me.patch(path, json={"trade_secret": True}).status_code == 428
    assert case.me.patch(path, json={"trade_secret": True}, headers={"If-Match": '"7"'}).status_code == 409
    changed = case.me.patch(path, json={"trade_secret": True, "description": "核心工艺"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    assert (changed.get_json()["trade_secret"], changed.get_json()["description"]) == (True, "核心工艺")
    assert case.me.patch(path, json={"trade_secret": "yes"}, headers={"If-Match": '"2"'}).status_code == 422
    [event] = events(case.world, "attachment.updated")
    assert event["details"]["trade_secret"] == [False, True]
    assert case.me.request("DELETE", path, headers={"If-Match": '"1"'}).status_code == 409
    assert case.me.request("DELETE", path, headers={"If-Match": '"2"'}).status_code == 204
    assert case.me.get(path).status_code == 404
    [deleted] = events(case.world, "attachment.deleted")
    assert deleted["target_id"] == str(aid)


def test_the_list_is_paged_in_upload_order(case):
    ids = [upload(case.me, case.draft, filename=f"f{i}.pdf").get_json()["id"] for i in range(3)]
    first = case.me.get(f"/api/v1/applications/{case.draft}/attachments?limit=2").get_json()
    assert [a["id"] for a in first["items"]] == ids[:2] and first["next_cursor"]
    rest = case.me.get(f"/api/v1/applications/{case.draft}/attachments?limit=2&cursor={first['next_cursor']}")
    assert [a["id"] for a in rest.get_json()["items"]] == ids[2:] and rest.get_json()["next_cursor"] is None
    assert "content" not in first["items"][0] and "object_key" not in first["items"][0]


# -- the role matrix ---------------------------------------------------------------------------------------

MATRIX = {  # role -> (list, metadata, content, upload, patch, delete)
    Role.OFFICE_ADMIN: (200, 200, 200, 403, 403, 403),
    Role.OFFICE_STAFF: (200, 200, 200, 403, 403, 403),
    Role.SUPERVISOR: (200, 200, 200, 403, 403, 403),
    Role.EXPERT: (403, 403, 404, 403, 403, 403),  # content: as if it did not exist (nothing assigned yet)
    Role.APPLICANT: (200, 200, 200, 201, 200, 204),
}


@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r.value)
def test_role_matrix(case, role):
    aid = upload(case.me, case.draft).get_json()["id"]
    api = case.world.as_(role)
    got = (api.get(f"/api/v1/applications/{case.draft}/attachments").status_code,
           api.get(f"/api/v1/attachments/{aid}").status_code,
           api.get(f"/api/v1/attachments/{aid}/content").status_code,
           upload(api, case.draft).status_code,
           api.patch(f"/api/v1/attachments/{aid}", json={"description": "d"}, headers={"If-Match": '"1"'}).status_code,
           api.request("DELETE", f"/api/v1/attachments/{aid}").status_code)
    assert got == MATRIX[role]


def test_central_admins_read_no_attachment(case, platform_admin):
    aid = upload(case.me, case.draft).get_json()["id"]
    assert platform_admin.get(f"/api/v1/attachments/{aid}/content").status_code == 403
    assert platform_admin.get(f"/api/v1/applications/{case.draft}/attachments").status_code == 403


def test_the_upload_is_documented_as_a_raw_file_with_its_query(anon):
    operation = anon.get("/api/openapi.json").get_json()["paths"][
        "/api/v1/applications/{application_id}/attachments"]["post"]
    assert {p["name"] for p in operation["parameters"]} == {"Idempotency-Key", "filename", "description",
                                                           "trade_secret"}
    assert set(operation["requestBody"]["content"]) == set(service.ALLOWED_TYPES)
