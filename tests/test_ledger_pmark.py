"""The ledger's P-Mark columns (issue 10.14): 不明 where foreign handling is unknown (never "有: 不明"); rows of
個人関連情報, 仮名加工情報 and 匿名加工情報 labelled as such; 部門, 管理責任者, 本人同意の有無, how the purpose was
notified or published, acquired directly in writing — each shown where recorded, and "not recorded" where not."""

from __future__ import annotations

import copy

import pytest
from conftest import load_into, write_manifest
from daicho.catalog.review.ledger import ReviewFacts, ledger_rows
from test_ledger_data import SMALL

#: SMALL plus: a process with its department and owner; a written sign-up form with a consent box and a
#: notice; a phone line (not in writing, no consent box); a cookie ID (個人関連情報) to an ad network of unknown
#: location; a purpose left out of the public notice; a sensitive item acquired without consent; an item only
#: ever received from a third party.
DOC = copy.deepcopy(SMALL)
DOC["processes"][0].update(department="Sales", owner="Sales manager")
DOC["collection_points"][0].update(written=True, consent=True, notice="Privacy policy beside the submit button")
DOC["collection_points"].append({"key": "phone", "name": {"en": "Phone line", "ja": "電話窓口"}, "written": False,
                                 "consent": False})
DOC["purposes"].append({"key": "profiling", "name": {"en": "Profiling", "ja": "分析"}, "published": False})
DOC["items"] += [
    {"key": "cookie_id", "name": {"en": "Cookie ID", "ja": "Cookie ID"}, "personally_referable": True,
     "acquisition": ["cookie"], "purposes": ["ads", "profiling"]},
    {"key": "diagnosis", "name": {"en": "Diagnosis", "ja": "診断"}, "sensitive": True, "consent_obtained": False,
     "acquisition": ["provided"], "purposes": ["support"]},
    {"key": "partner_list", "name": {"en": "Partner list", "ja": "提携先名簿"}, "acquisition": ["third_party"],
     "purposes": ["support"]},
]
DOC["recipients"].append({"key": "adnet", "name": {"en": "AdNet", "ja": "広告網"}, "kind": "contractor"})
DOC["systems"].append({"key": "tags", "name": {"en": "Tag manager", "ja": "タグ管理"}, "country": "JP",
                       "items": ["cookie_id"]})
DOC["flows"] += [
    {"from": "phone", "to": "crm", "items": ["diagnosis", "name"], "basis": "collection"},
    {"from": "tags", "to": "adnet", "items": ["cookie_id"], "basis": "outsourcing"},
]


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("pmark")
    url = f"sqlite:///{folder / 'daicho.db'}"
    load_into(url, write_manifest(folder / "m", DOC))
    facts = ReviewFacts.load(url)
    return {lang: {r.id: r for r in ledger_rows(facts, lang)} for lang in ("ja", "en")}


def test_running_number_beside_the_key(rows):
    assert [(r.no, r.id) for r in rows["en"].values()][:3] == [(1, "signup/email"), (2, "signup/name"),
                                                               (3, "signup/card")]
    assert [r.no for r in rows["en"].values()] == list(range(1, len(rows["en"]) + 1))


def test_department_and_owner_from_the_process(rows):
    assert (rows["en"]["signup/email"].department, rows["en"]["signup/email"].owner) == ("Sales", "Sales manager")
    assert (rows["en"]["helpdesk/email"].department, rows["en"]["helpdesk/email"].owner) == ("", "")  # none recorded
    assert rows["en"]["cookie_id"].department == ""  # in no process


def test_foreign_handling_unknown_is_unknown_never_yes(rows):
    ja, en = rows["ja"]["cookie_id"], rows["en"]["cookie_id"]
    assert ja.foreign == ["不明: 広告網: 所在不明"] and en.foreign == ["Unknown: AdNet: location unknown"]
    assert not any(line.startswith("有") and "所在不明" in line for r in rows["ja"].values() for line in r.foreign)
    # a known foreign location is 有, and the unknown one still comes under 不明
    email = rows["ja"]["signup/email"].foreign
    assert email[0].startswith("有: ") and email[-1] == "不明: 決済DB: 所在不明"
    assert rows["ja"]["signup/card"].foreign == ["不明: 決済DB: 所在不明"]
    assert rows["ja"]["partner_list"].foreign == ["無"]


@pytest.mark.parametrize(("key", "ja", "en", "retained"), [
    ("cookie_id", "個人関連情報", "personally referable information", "非該当（個人データではない）"),
    ("email_hash", "仮名加工情報", "pseudonymised information", "適用除外（第41条第9項）"),
    ("stats", "匿名加工情報", "anonymised information", "非該当（個人データではない）"),
    ("helpdesk/health", "要配慮個人情報", "sensitive personal information", "該当"),
    ("signup/email", "個人情報", "personal information", "該当"),
])
def test_kind_of_information(rows, key, ja, en, retained):
    assert (rows["ja"][key].info_class, rows["en"][key].info_class) == (ja, en)
    assert rows["ja"][key].retained == retained


def test_acquired_directly_in_writing(rows):
    assert rows["ja"]["signup/card"].written == ["該当: 登録フォーム"]
    assert rows["en"]["helpdesk/email"].written == ["Yes: Sign-up form"]
    assert rows["en"]["signup/name"].written == ["Yes: Sign-up form", "No: Phone line"]
    assert rows["en"]["diagnosis"].written == ["No: Phone line"]
    assert rows["en"]["partner_list"].written == ["No (received from third parties)"]
    assert rows["en"]["cookie_id"].written == ["not recorded"]  # no collection point records it


def test_purpose_notified_or_published(rows):
    assert rows["en"]["signup/email"].notice == ["Sign-up form: Privacy policy beside the submit button",
                                                 "purposes in the public notice"]
    assert rows["en"]["cookie_id"].notice == ["purposes not in the public notice: Profiling"]
    assert rows["ja"]["diagnosis"].notice == ["利用目的を公表済み"]  # the phone line records no notice


def test_consent_of_the_person(rows):
    assert rows["en"]["signup/card"].consent == ["Yes: at acquisition (Sign-up form)"]
    assert rows["en"]["diagnosis"].consent == ["No: at acquisition (Phone line)", "acquiring sensitive information"]
    assert rows["en"]["helpdesk/health"].consent == ["Yes: acquiring sensitive information"]
    # email_hash goes to AdPartner on consent, abroad on consent
    assert rows["en"]["email_hash"].consent == ["Yes: provision (AdPartner)", "transfer abroad (AdPartner)"]
    assert rows["ja"]["cookie_id"].consent == ["記録なし"]  # nothing about consent recorded


def test_columns_in_the_files(tmp_path):
    from daicho.catalog.review.ledger_labels import COLUMNS, headers

    ja, en = headers(COLUMNS, "ja"), headers(COLUMNS, "en")
    for word in ("管理番号", "キー", "部門", "管理責任者", "情報の区分", "書面による直接取得", "利用目的の通知・公表",
                 "本人同意の有無"):
        assert word in ja
    assert ja.index("管理番号") + 1 == ja.index("キー") and en[:2] == ["No.", "Key"]
