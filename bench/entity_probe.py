"""Six-language probe: does each real name get one key in nb, lv, ru, de, en and pl?

The same invented news sentences written in six languages (by the developers, not from any
gold set), naming people, places and organisations in their inflected forms. For every
expected entity the script prints the keys its mentions got per language; one key across all
six languages is the goal, and the look-alike names at the end must keep keys of their own.

Usage: python bench/entity_probe.py [--json bench/results/entity_probe.json]
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from babelwire.analyse.entities import extract_mentions

TEXTS = {
    "en": "German Chancellor Angela Merkel met Latvian Prime Minister Krišjānis Kariņš in Riga "
          "on Monday. Merkel praised Latvia and criticised Russia. Later, Alexander Lukashenko "
          "flew to Sochi to meet Vladimir Putin. NATO Secretary General Jens Stoltenberg "
          "visited Warsaw and Poland's president Andrzej Duda.",
    "de": "Bundeskanzlerin Angela Merkel traf am Montag den lettischen Ministerpräsidenten "
          "Krišjānis Kariņš in Riga. Merkel lobte Lettland und kritisierte Russland. Später "
          "flog Alexander Lukaschenko nach Sotschi zu Wladimir Putin. NATO-Generalsekretär "
          "Jens Stoltenberg besuchte Warschau und Polens Präsidenten Andrzej Duda.",
    "nb": "Tysklands forbundskansler Angela Merkel møtte mandag Latvias statsminister Krišjānis "
          "Kariņš i Riga. Merkel roste Latvia og kritiserte Russland. Senere fløy Aleksandr "
          "Lukasjenko til Sotsji for å møte Vladimir Putin. Natos generalsekretær Jens "
          "Stoltenberg besøkte Warszawa og Polens president Andrzej Duda.",
    "lv": "Vācijas kanclere Angela Merkele pirmdien Rīgā tikās ar Ministru prezidentu Krišjāni "
          "Kariņu. Merkele uzslavēja Latviju un kritizēja Krieviju. Vēlāk Aleksandrs Lukašenko "
          "aizlidoja uz Soču, lai tiktos ar Vladimiru Putinu. NATO ģenerālsekretārs Jenss "
          "Stoltenbergs apmeklēja Varšavu un Polijas prezidentu Andžeju Dudu.",
    "pl": "Kanclerz Niemiec Angela Merkel spotkała się w poniedziałek w Rydze z premierem Łotwy "
          "Krišjānisem Kariņšem. Merkel pochwaliła Łotwę i skrytykowała Rosję. Później "
          "Aleksandr Łukaszenka poleciał do Soczi na spotkanie z Władimirem Putinem. Sekretarz "
          "generalny NATO Jens Stoltenberg odwiedził Warszawę i prezydenta Polski Andrzeja Dudę.",
    "ru": "Канцлер Германии Ангела Меркель в понедельник встретилась в Риге с премьер-министром "
          "Латвии Кришьянисом Кариньшем. Меркель похвалила Латвию и раскритиковала Россию. "
          "Позже Александр Лукашенко прилетел в Сочи на встречу с Владимиром Путиным. Генсек "
          "НАТО Йенс Столтенберг посетил Варшаву и президента Польши Анджея Дуду.",
}
# entity -> the surface forms written in each language (any one of them counts)
ENTITIES = {
    "Angela Merkel": ("Merkel", "Merkele", "Меркель"),
    "Krišjānis Kariņš": ("Kariņš", "Kariņu", "Kariņšem", "Кариньшем"),
    "Riga": ("Riga", "Rīgā", "Rydze", "Риге"),
    "Latvia": ("Latvia", "Lettland", "Latviju", "Łotwę", "Латвию", "Łotwy", "Латвии", "Latvias"),
    "Russia": ("Russia", "Russland", "Krieviju", "Rosję", "Россию"),
    "Alexander Lukashenko": ("Lukashenko", "Lukaschenko", "Lukasjenko", "Lukašenko",
                             "Łukaszenka", "Лукашенко"),
    "Sochi": ("Sochi", "Sotschi", "Sotsji", "Soču", "Soczi", "Сочи"),
    "Vladimir Putin": ("Putin", "Putinu", "Putinem", "Путиным"),
    "Jens Stoltenberg": ("Stoltenberg", "Stoltenbergs", "Столтенберг"),
    "NATO": ("NATO", "Natos", "НАТО"),
    "Warsaw": ("Warsaw", "Warschau", "Warszawa", "Varšavu", "Warszawę", "Варшаву"),
    "Andrzej Duda": ("Duda", "Dudu", "Dudę", "Дуду"),
}


def keys_by_entity() -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {entity: {} for entity in ENTITIES}
    for lang, text in TEXTS.items():
        for mention in extract_mentions(text, lang):
            words = mention.surface.replace("-", " ").split()
            for entity, forms in ENTITIES.items():
                if any(word in forms for word in words):
                    keys = found[entity].setdefault(lang, [])
                    if mention.key not in keys:
                        keys.append(mention.key)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=Path("bench/results/entity_probe.json"))
    args = parser.parse_args()
    found = keys_by_entity()
    one_key = 0
    for entity, per_lang in found.items():
        keys = {key for lang_keys in per_lang.values() for key in lang_keys}
        united = len(keys) == 1 and len(per_lang) == len(TEXTS)
        one_key += united
        print(f"{'ok ' if united else '   '}{entity}: {len(per_lang)}/{len(TEXTS)} languages, "
              f"{len(keys)} key(s): " + "; ".join(f"{lang} {','.join(k)}"
                                                 for lang, k in per_lang.items()))
    print(f"{one_key} of {len(found)} entities have one key in all {len(TEXTS)} languages")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "date": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "command": "python bench/entity_probe.py", "one_key": one_key, "entities": len(found),
        "keys": found}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
