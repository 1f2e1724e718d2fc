"""rich renderables for node-level lineage results: holds, abroad, breach (pure functions of result dicts)."""

from __future__ import annotations

from typing import Any

from .lineage_views import SHOW, basis_word, hop_label, item_label, name, node_label, word
from .output import text

_STATUS = {"ok": ("ok", "daicho.ok"), "missing": ("NO BASIS", "daicho.error"),
           "mismatch": ("WRONG BASIS", "daicho.error"), "own_system": ("own system", "daicho.dim"),
           "home": ("home", "daicho.dim"), "unknown_country": ("COUNTRY UNKNOWN", "daicho.warning"),
           "referable": ("referable only", "daicho.warning")}
_HOW_JA = {"stored": "保管", "received": "受領", "forwarded": "送出", "derived": "生成"}
_STATUS_JA = {"ok": "適合", "missing": "根拠なし", "mismatch": "根拠不適合", "own_system": "自社システム",
              "home": "国内へ", "unknown_country": "国不明",
              "referable": "個人関連情報のみ"}


def holds_view(result: dict[str, Any], lang: str = "en", show: int = SHOW):
    """`daicho holds`: items stored, received and sent; flows in and out; derivations made there."""
    from rich.console import Group
    from rich.tree import Tree

    node = result["node"]
    tree = Tree(node_label(node, lang))
    if node["chain"]:
        tree.add(text(f"{word('subcontractor of', lang)} {' ← '.join(node['chain'])}", "daicho.dim"))
    if node["operates"]:
        tree.add(text(("operates " if lang != "ja" else "運用: ") + ", ".join(node["operates"])))
    sections = [("stored", "保管", result["stored"]), ("received", "受領", result["received"]),
                ("sent", "送出", result["sent"])]
    for en, ja, items in sections:
        if items:
            branch = tree.add(text(f"{ja if lang == 'ja' else en} ({len(items)})", "daicho.dim"))
            for item in items[:show]:
                label = item_label(item, lang)
                if item.get("system") and item["system"] != node["key"]:
                    label.append_text(text(f" @ {item['system']}", "daicho.dim"))
                branch.add(label)
            if len(items) > show:
                branch.add(text(f"… {len(items) - show} {word('more', lang)} (--json)", "daicho.dim"))
    if result["outside_scope"]:
        tree.add(text(f"{word('outside scope', lang)}: {', '.join(result['outside_scope'])}", "daicho.error"))
    for en, ja, hops, inbound in (("flows in", "受信フロー", result["flows_in"], True),
                                  ("flows out", "送信フロー", result["flows_out"], False)):
        if hops:
            branch = tree.add(text(f"{ja if lang == 'ja' else en} ({len(hops)})", "daicho.dim"))
            for hop in hops[:show]:
                branch.add(hop_label(hop, lang, show_items=True, outbound=not inbound))
            if len(hops) > show:
                branch.add(text(f"… {len(hops) - show} {word('more', lang)} (--json)", "daicho.dim"))
    for d in result["derivations"]:
        tree.add(text(f"{d['from']} → {d['to']}: {d['method']}", "daicho.dim"))
    return Group(tree)


def abroad_table(result: dict[str, Any], lang: str = "en", show: int = 100):
    """`daicho abroad`: every cross-border flow with its foreign-transfer basis; missing ones highlighted."""
    from rich.console import Group
    from rich.table import Table

    heads = ("flow", "to", "country", "items", "basis", "foreign basis", "status") if lang != "ja" else \
        ("フロー", "提供先", "国", "項目", "根拠", "外国移転の根拠", "状態")
    table = Table(title=text(f"{len(result['flows'])} cross-border flows" if lang != "ja" else
                             f"越境フロー {len(result['flows'])} 件"), title_justify="left")
    for head in heads:
        table.add_column(head, overflow="fold")
    rows = sorted(result["flows"], key=lambda f: f["status"] not in ("missing", "mismatch"))
    for flow in rows[:show]:
        label, style = _STATUS[flow["status"]]
        status = text(_STATUS_JA[flow["status"]] if lang == "ja" else label, style)
        table.add_row(text(flow["flow"]), text(f"{flow['to']} ({name({'name': flow['to_name']}, lang)})"),
                      text(flow["to_country"] or "?", None if flow["to_country"] else "daicho.warning"),
                      text(", ".join(flow["items"])), text(basis_word(flow["basis"], lang)),
                      text(basis_word(flow["foreign_basis"], lang, True)), status)
    parts: list[Any] = [table]
    if len(rows) > show:
        parts.append(text(f"… {len(rows) - show} {word('more', lang)} (--json)", "daicho.dim"))
    for status in _STATUS:  # each status once, with what it means (the first note of its kind)
        note = next((f["note"] for f in rows if f["status"] == status), None)
        if note:
            label = _STATUS_JA[status] if lang == "ja" else _STATUS[status][0]
            parts.append(text(f"{label}: {note}", "daicho.dim"))
    s = result["summary"]
    problems = s["missing"] + s["mismatch"]
    n = len(s["countries"])
    line = (f"{s['flows']} flows to {n} countr{'ies' if n != 1 else 'y'} ({', '.join(s['countries'])}); "
            f"{problems} without a valid basis; {s['unknown_country']} to a country not recorded")
    if lang == "ja":
        line = (f"越境フロー {s['flows']}（{', '.join(s['countries'])}）; 根拠なし・不適合 {problems}; "
                f"国不明 {s['unknown_country']}")
    parts.append(text(line, "daicho.error" if problems else None))
    return Group(*parts)


def breach_view(result: dict[str, Any], lang: str = "en", show: int = SHOW):
    """`daicho breach`: items exposed, persons, the four criteria of Rules Art. 7, and what follows."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.tree import Tree

    ja = lang == "ja"
    parts: list[Any] = [Rule(text(("漏えい等: " if ja else "Leak at ") + result["node"]["key"]), align="left")]
    tree = Tree(text(f"{len(result['items'])} " + ("項目が漏えいのおそれ" if ja else "items exposed")))
    for item in result["items"][:show]:
        label = item_label(item, lang)
        how = [_HOW_JA.get(h, h) for h in item["how"]] if ja else item["how"]
        label.append_text(text(f" ({', '.join(how)})", "daicho.dim"))
        tree.add(label)
    if len(result["items"]) > show:
        tree.add(text(f"… {len(result['items']) - show} {word('more', lang)} (--json)", "daicho.dim"))
    parts.append(tree)
    subjects = ", ".join(name(s, lang) for s in result["subjects"]) or "-"
    persons = f"{result['persons']:,}" if result["persons"] is not None else ("不明" if ja else "unknown")
    parts.append(text(f"{'本人の区分' if ja else 'data subjects'}: {subjects}"))
    source = {"given": "指定", "items": "項目の推定の最大", "unknown": "不明"}[result["persons_source"]] if ja else \
        result["persons_source"]
    parts.append(text(f"{'本人の数' if ja else 'persons (estimate)'}: {persons} ({source})"))
    for c in result["criteria"]:
        mark, style = {True: ("✔ met", "daicho.error"), False: ("✘ not met", "daicho.ok"),
                       None: ("? unknown", "daicho.warning")}[c["met"]]
        if ja:
            mark = {True: "✔ 該当", False: "✘ 非該当", None: "? 不明"}[c["met"]]
        line = text(f"({c['number']}) {c['rule']} {c['title']['ja' if ja else 'en']}: ")
        line.append(mark, style=style)
        line.append_text(text(f" — {_reason_ja(c, result) if ja else c['reason']}", "daicho.dim"))
        parts.append(line)
    report = result["report"]
    verdict = {True: ("report to the PPC and notify the persons (APPI 26(1), 26(2))", "daicho.error"),
               False: ("no report required under APPI 26(1) (none of Rules 7(i)-(iv) is met)", "daicho.ok"),
               None: ("reportable unless it is certain that 1,000 persons or fewer are affected", "daicho.warning"),
               }[result["reportable"]]
    if ja:
        verdict = ({True: "個人情報保護委員会への報告と本人への通知が必要（法26条1項・2項）",
                    False: "報告不要（規則7条各号に該当せず）",
                    None: "千人以下と確実に言えない限り報告対象"}[result["reportable"]], verdict[1])
    parts.append(text(verdict[0], verdict[1]))
    if report["preliminary"] and ja:
        parts.append(text("  速報: 速やかに（概ね3〜5日以内）（規則8条1項）"))
        parts.append(text(f"  確報: 知った日から{report['final_days']}日以内（規則8条2項）"))
        parts.append(text("  本人通知: 状況に応じて速やかに（法26条2項）。困難な場合は公表と問合せ窓口で代替"))
    elif report["preliminary"]:
        parts.append(text(f"  preliminary report: {report['preliminary']}"))
        parts.append(text(f"  final report: {report['final']}"))
        parts.append(text(f"  notice: {report['notice']}"))
    if report["contractor_note"]:
        note = ("  委託先での漏えい等: 委託先は委託元への通知により報告に代えられる（法26条1項ただし書）。"
                "委託元が報告・通知する" if ja else f"  {report['contractor_note']}")
        parts.append(text(note, "daicho.dim"))
    parts.append(text(("根拠: " if ja else "cites: ") + ", ".join(report["citations"]), "daicho.dim"))
    return Group(*parts)


def _reason_ja(criterion: dict[str, Any], result: dict[str, Any]) -> str:
    """A criterion's reason in Japanese, from the assessment's data."""
    number, met, items = criterion["number"], criterion["met"], ", ".join(criterion["items"])
    if "--encrypted" in criterion["reason"]:
        return "高度な暗号化等の措置により対象外（規則7条1号）"
    if number == 1:
        return f"要配慮個人情報: {items}" if met else "要配慮個人情報を含まない"
    if number == 2:
        return f"財産的被害のおそれがある項目: {items}" if met else "該当する項目（カード番号等）なし"
    if number == 3:
        return "不正の目的をもって行われたおそれのある行為による" if met else \
            "不正の目的による行為との指定なし（--unlawful）"
    if result["persons"] is None:
        return "本人の数が記録されていない: 千人を超えるおそれがあれば報告対象（--persons N）"
    return f"本人の数 {result['persons']:,}人（{'指定' if result['persons_source'] == 'given' else '推定'}）"
