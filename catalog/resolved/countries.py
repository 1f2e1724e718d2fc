"""Countries: names in English and Japanese, and the EU/EEA + UK set of APPI 28 / Rules 15."""

from __future__ import annotations

#: ISO 3166-1 alpha-2 → (English, Japanese); codes not listed are shown as the code alone.
COUNTRIES: dict[str, tuple[str, str]] = {
    "JP": ("Japan", "日本"), "US": ("United States", "アメリカ合衆国"), "GB": ("United Kingdom", "英国"),
    "IE": ("Ireland", "アイルランド"), "DE": ("Germany", "ドイツ"), "FR": ("France", "フランス"),
    "NL": ("Netherlands", "オランダ"), "BE": ("Belgium", "ベルギー"), "LU": ("Luxembourg", "ルクセンブルク"),
    "SE": ("Sweden", "スウェーデン"), "FI": ("Finland", "フィンランド"), "DK": ("Denmark", "デンマーク"),
    "ES": ("Spain", "スペイン"), "IT": ("Italy", "イタリア"), "PL": ("Poland", "ポーランド"),
    "CH": ("Switzerland", "スイス"), "RS": ("Serbia", "セルビア"), "UA": ("Ukraine", "ウクライナ"),
    "EE": ("Estonia", "エストニア"), "CZ": ("Czechia", "チェコ"), "RO": ("Romania", "ルーマニア"),
    "CN": ("China", "中国"), "KR": ("South Korea", "韓国"), "TW": ("Taiwan", "台湾"), "HK": ("Hong Kong", "香港"),
    "SG": ("Singapore", "シンガポール"), "PH": ("Philippines", "フィリピン"), "VN": ("Viet Nam", "ベトナム"),
    "TH": ("Thailand", "タイ"), "MY": ("Malaysia", "マレーシア"), "ID": ("Indonesia", "インドネシア"),
    "IN": ("India", "インド"), "AU": ("Australia", "オーストラリア"), "NZ": ("New Zealand", "ニュージーランド"),
    "CA": ("Canada", "カナダ"), "MX": ("Mexico", "メキシコ"), "BR": ("Brazil", "ブラジル"),
    "IL": ("Israel", "イスラエル"), "AE": ("United Arab Emirates", "アラブ首長国連邦"),
    "ZA": ("South Africa", "南アフリカ"), "RU": ("Russia", "ロシア"), "TR": ("Türkiye", "トルコ"),
}

#: Countries with a regime equivalent to Japan's (APPI 28, Rules 15): EU/EEA member states and the UK.
EU_UK = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
                   "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB"})


def kept_besides(hosting: list[str], location: str | None) -> list[str]:
    """Where a party keeps data, said beside where it is (`US (kept in US, AU)`): its hosting whole, or nothing
    when that is only the place it is already named by. Never the other places alone: `US (kept in AU)` would
    read as if nothing were kept in the US."""
    return [] if not hosting or list(hosting) == [location] else list(hosting)


def country_title(code: str, lang: str = "en") -> str | None:
    """The country's name in `lang`, or None when it is not in the table."""
    names = COUNTRIES.get(code)
    return (names[1] if lang == "ja" else names[0]) if names else None

#: named regions a location may be, with their member states (EU/EEA are covered by APPI 28 / Rules 15)
EU = frozenset(EU_UK - {"IS", "LI", "NO", "GB"})
REGION_MEMBERS: dict[str, frozenset[str]] = {"EU": EU, "EEA": EU | {"IS", "LI", "NO"}}


def location_title(code: str | None, lang: str = "en") -> str | None:
    """A location's name in `lang`: a country (the table above, else pycountry's ISO 3166 names with their
    Japanese translation), a region, or the words for unknown / chosen per customer."""
    if code is None:
        return None
    words = {"unknown": ("location unknown", "所在不明"), "per_customer": ("chosen per customer", "顧客ごとに選択"),
             "EU": ("European Union", "EU"), "EEA": ("European Economic Area", "EEA")}
    if code in words:
        return words[code][1 if lang == "ja" else 0]
    title = country_title(code, lang)
    if title:
        return title
    return _iso_name(code, lang) or code


def _iso_name(code: str, lang: str) -> str | None:
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    name = getattr(country, "common_name", None) or country.name
    if lang == "ja":
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"], fallback=True)
        return translation.gettext(country.name)
    return name
