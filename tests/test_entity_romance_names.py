"""Names in languages that write titles in lowercase and never inflect names (pt, es, fr, it):
a dictionary word is no form of a name, saints' names are no people, and a capitalised word
beside name words is part of the name unless it is a title."""

from __future__ import annotations

import pytest

from babelwire.analyse.entities import extract_mentions
from babelwire.models import Mention


def _mentions(text: str, lang: str) -> dict[str, Mention]:
    return {m.surface: m for m in extract_mentions(text, lang)}


@pytest.mark.parametrize(("name", "texts"), [
    # Portuguese "carris" is the plural of "carril" (rail), "ramos" of "ramo" (branch)
    ("Carris", {"pt": "A Carris suspendeu a circulação na carreira 28 em Lisboa.",
                "en": "The operator said Carris had suspended route 28 in Lisbon.",
                "es": "La empresa Carris suspendió la línea 28 en Lisboa."}),
    ("Ramos", {"pt": "O defesa Sergio Ramos marcou o golo da vitória em Madrid.",
               "es": "El defensa Sergio Ramos marcó el gol de la victoria en Madrid.",
               "en": "Defender Sergio Ramos scored the winning goal in Madrid."}),
    # French "close" reads as a form of "clore"; English "Gates" as a plural of "gate"
    ("Close", {"fr": "Le bourgmestre Philippe Close a visité le quartier avec les pompiers.",
               "en": "Mayor Philippe Close visited the district with firefighters."}),
    ("Gates", {"en": "Microsoft founder Bill Gates visited Berlin on Monday.",
               "de": "Der Microsoft-Gründer Bill Gates besuchte am Montag Berlin.",
               "nb": "Microsoft-grunnleggeren Bill Gates besøkte Berlin mandag.",
               "pt": "O fundador da Microsoft, Bill Gates, visitou Berlim na segunda-feira."}),
])
def test_a_name_gets_one_key_whether_or_not_it_is_also_a_plural(
        name: str, texts: dict[str, str]) -> None:
    keys = {lang: {m.key for m in extract_mentions(text, lang) if name in m.surface}
            for lang, text in texts.items()}
    assert all(len(found) == 1 for found in keys.values()), keys
    assert len({next(iter(found)) for found in keys.values()}) == 1, keys


@pytest.mark.parametrize(("text", "lang", "surface"), [
    ("Os feridos foram levados para os hospitais de São José e de Santa Maria.", "pt",
     "São José"),
    ("Os feridos foram levados para os hospitais de São José e de Santa Maria.", "pt",
     "Santa Maria"),
    ("Los fieles llenaron la plaza de San Pedro y la iglesia de Santa Isabel.", "es",
     "San Pedro"),
])
def test_a_saints_name_is_kept_whole_and_is_no_person(text: str, lang: str,
                                                      surface: str) -> None:
    found = _mentions(text, lang)
    assert surface in found, sorted(found)
    assert found[surface].kind != "person"


@pytest.mark.parametrize(("text", "lang", "surface", "kind"), [
    # "martim", "sequeira" and "rebelo" are rare dictionary words; here they are names
    ("O elétrico descia em direção ao Martim Moniz quando perdeu os travões.", "pt",
     "Martim Moniz", None),
    ("«Não excluímos nenhuma causa», afirmou o porta-voz da empresa, Nuno Sequeira.", "pt",
     "Nuno Sequeira", "person"),
    ("O presidente Marcelo Rebelo de Sousa promulgou a lei esta terça-feira.", "pt",
     "Marcelo Rebelo de Sousa", "person"),
])
def test_a_rare_capitalised_word_beside_names_is_part_of_the_name(
        text: str, lang: str, surface: str, kind: str | None) -> None:
    found = _mentions(text, lang)
    assert surface in found, sorted(found)
    assert kind is None or found[surface].kind == kind


@pytest.mark.parametrize(("text", "lang", "surface"), [
    ("Em Roma, o Papa Francisco recebeu os bispos portugueses.", "pt", "Francisco"),
    ("El Presidente Gustavo Petro habló con los alcaldes de la región.", "es", "Gustavo Petro"),
    ("Le Premier ministre Gabriel Attal a rencontré les agriculteurs.", "fr", "Gabriel Attal"),
])
def test_titles_written_capitalised_are_still_cut(text: str, lang: str, surface: str) -> None:
    found = _mentions(text, lang)
    assert surface in found, sorted(found)
