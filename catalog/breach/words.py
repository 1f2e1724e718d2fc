"""The words of the breach triage, in English and Japanese, each statement with its source.

Every text is a pair `{"en": …, "ja": …}` so `daicho breach --lang ja` and the pack's Japanese breach sheets
stay Japanese. Sources: the Act (法), the Enforcement Rules (規則) and the PPC general guideline (通則編
3-5 — "about 3–5 days" is the guideline's rule of thumb for "promptly"; the Rules say only 速やかに).
"""

from __future__ import annotations

Text = dict[str, str]


def pair(en: str, ja: str) -> Text:
    """A text in both languages."""
    return {"en": en, "ja": ja}


TITLES: dict[int, Text] = {
    1: pair("Special care-required information", "要配慮個人情報が含まれる個人データの漏えい等"),
    2: pair("Misuse may cause financial damage",
            "不正に利用されることにより財産的被害が生じるおそれがある個人データの漏えい等"),
    3: pair("Act likely done for an unlawful purpose", "不正の目的をもって行われたおそれがある行為による漏えい等"),
    4: pair("More than 1,000 persons", "本人の数が千人を超える漏えい等"),
}

#: What the data class of an exposed item means for APPI 26 (only personal data, 個人データ, counts).
CLASSES: dict[str, Text] = {
    "referable": pair("personally referable information (個人関連情報, APPI 2(7)): not personal data",
                      "個人関連情報（法2条7項）: 個人データではない"),
    "anonymised": pair("anonymised information (匿名加工情報, APPI 2(6)): not personal data",
                       "匿名加工情報（法2条6項）: 個人データではない"),
    "pseudonymised": pair("pseudonymised information (仮名加工情報): APPI 26 does not apply (APPI 41(9))",
                          "仮名加工情報: 法26条は適用されない（法41条9項）"),
}

#: What settles an open criterion (the flag that answers it).
SETTLE: dict[str, Text] = {
    "unlawful": pair("(iii) is ruled out: no act for an unlawful purpose may have caused it (--no-unlawful-purpose)",
                     "(iii)不正の目的をもって行われたおそれがある行為によるものでないと確認される"
                     "（--no-unlawful-purpose）"),
    "persons": pair("it is certain that 1,000 persons or fewer are affected (--persons N)",
                    "本人の数が千人以下と確認される（--persons N）"),
    "key": pair("the decryption key is confirmed not leaked (--key-safe)",
                "復号鍵が漏えいしていないと確認される（--key-safe）"),
}

VERDICT: dict[str, Text] = {
    "report": pair("report to the PPC and notify the persons (APPI 26(1), 26(2))",
                   "個人情報保護委員会への報告と本人への通知が必要（法26条1項・2項）"),
    "no_report": pair("no report required under APPI 26(1) (none of Rules 7(i)-(iv) is met)",
                      "報告不要（規則7条各号のいずれにも該当しない）"),
    "no_personal_data": pair("no report required under APPI 26(1): no personal data (個人データ) is exposed",
                             "報告不要（法26条1項）: 漏えい等のおそれがある個人データがない"),
}

PRELIMINARY = pair("promptly (速やかに, Rules 8(1)); the PPC guideline's rule of thumb: about 3–5 days from "
                   "knowing of it (通則編 3-5-3-3)",
                   "速やかに（規則8条1項）。目安は知った時点から概ね3〜5日以内（ガイドライン通則編3-5-3-3）")
NOTICE = pair("notify the persons promptly, as the situation allows (APPI 26(2)); where that is difficult, a public "
              "announcement and an inquiry desk instead",
              "状況に応じて速やかに本人へ通知（法26条2項）。困難な場合は公表と問合せ窓口で代替")
CONTRACTOR = pair("a leak at a contractor: the contractor need not report or notify itself if it notifies the operator "
                  "(APPI 26(1) proviso, 26(2)); that notice must be made promptly and carry the matters of Rules "
                  "8(1) known at the time (Rules 9); the operator then reports to the PPC and notifies the persons",
                  "委託先での漏えい等: 委託先は委託元に通知すれば自らの報告・本人通知を要しない（法26条1項ただし書・"
                  "2項）。この通知は速やかに、その時点で把握している規則8条1項の事項を含めて行う（規則9条）。"
                  "委託元が報告し本人に通知する")


def final(days: int | None, unlawful_open: bool) -> Text:
    """The final-report deadline: 30 days, 60 for a (iii) situation (Rules 8(2))."""
    if days == 60:
        return pair("within 60 days from knowing of it, because of (iii) (Rules 8(2))",
                    "知った日から60日以内（(iii)に該当するため、規則8条2項）")
    extra = pair("; 60 days if it is a (iii) situation", "。(iii)に該当する場合は60日以内") if unlawful_open else \
        pair("", "")
    return pair(f"within 30 days from knowing of it (Rules 8(2)){extra['en']}",
                f"知った日から30日以内（規則8条2項）{extra['ja']}")


def report_unless(settles: list[str]) -> Text:
    """The verdict when no criterion is met but some are not known: report unless each is settled."""
    return pair("report to the PPC and notify the persons unless "
                + " and ".join(SETTLE[s]["en"] for s in settles) + " (APPI 26(1), Rules 7)",
                "次が確認されない限り報告・本人通知が必要（法26条1項、規則7条）: "
                + "、かつ".join(SETTLE[s]["ja"] for s in settles))


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def cite_ja(citation: str) -> str:
    """A citation as a Japanese reader writes it: 'APPI 26(1)' → 法26条1項, 'Rules 7(iii)' → 規則7条3号."""
    law, _, ref = citation.partition(" ")
    article, _, rest = ref.partition("(")
    prefix = {"APPI": "法", "Rules": "規則"}.get(law)
    if prefix is None:
        return citation
    if not rest:
        return f"{prefix}{article}条"
    inner = rest.rstrip(")")
    return f"{prefix}{article}条{_ROMAN[inner]}号" if inner in _ROMAN else f"{prefix}{article}条{inner}項"
