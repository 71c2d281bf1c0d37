"""Junk the seeds showed: photo credits, language names, inflected display names."""

from __future__ import annotations

from babelwire.analyse.entities import extract_mentions


def keys_and_names(text: str, lang: str) -> dict[str, str]:
    return {m.key: m.normal for m in extract_mentions(text, lang)}


def test_photo_credit_and_language_names_are_no_entities():
    found = keys_and_names("Foto: NTB Scanpix. Translated from Norwegian Bokmål and Latvian by "
                           "Erna Solberg.", "en")
    assert "vot" not in found and not any("bokmal" in key for key in found)
    assert "latvian" not in found and "i.solberg" in found


def test_places_show_their_english_name_whatever_the_case():
    found = keys_and_names("Vakar runāja Kremļa pārstāvis Maskavā par Eiropas Savienību un "
                           "Eiropas Savienības sankcijām.", "lv")
    assert found.get("kremlin") == "Kremlin" and found.get("moscow") == "Moscow"
    assert found.get("european_union") == "European Union"


def test_norwegian_belarus_is_the_gazetteer_belarus():
    found = keys_and_names("Opposisjonen i Hviterussland protesterer.", "nb")
    assert found.get("belarus") == "Belarus"


def test_a_museum_named_after_a_person_is_not_the_person() -> None:
    from babelwire.analyse.entities import extract_mentions

    text = "L'exposition du Musée Max Ernst montre ses tableaux. Max Ernst les a peints à Paris."
    keys = {m.surface: m.key for m in extract_mentions(text, "fr")}
    assert keys["Musée Max Ernst"] != keys["Max Ernst"]
