"""What a reported number counts, as a cross-lingual key: a small lexicon of news quantities.

"aizturēti 774 cilvēki", "774 people were detained", "задержаны 774 человека" all count
``detained``. Each concept lists word stems in our languages; a word of the sentence names the
concept when the word, or its simplemma lemma, starts with a stem (stems under five letters must
match a whole word). Two-word entries ("stemte for", "voted against") are matched on adjacent
words. The concept of a quantity is the nearest concept word in its clause, where crossing a
comma costs as much as two words, and a word nearer to another quantity belongs to that one.

Embedding similarity of the context (the fallback the issue allows where the lexicon is silent)
is not used: the encoder costs about 100 ms per text on our CPUs, twenty times the 5 ms budget of
claim extraction, so a number whose concept the lexicon does not know keeps a generic key (its
unit: "people", "percent") and may only agree with the very same figure, never differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from babelwire.analyse.lexicons import LEMMATIZER


def _words(text: str) -> list[str]:
    return text.split()

# Concepts that count an event (what happened to the people counted).
EVENT_CONCEPTS = {
    "detained": "detain arrest custody pågrep arrester anholdt pågripe gripen anhållna greps "
                "gripna anholdt festgenomm festnahm verhaft inhaftier interpell arrêt detenid "
                "arrestad detencion fermat arrestat detid presos aangehouden gearresteerd "
                "zatrzyma aresztowa zadržen zatčen pidätet pidätt kinni sulaikyt areštuot "
                "aizturēt aizturē arestēt задержа арестова затрима заарештова",
    "protesters": "protest march demonstrat rally rallied demonstr betog manifest kundgeb "
                  "izgāja iziet ielās протест митинг демонстрац вышли вийшли marsz maszer "
                  "mielenosoit meeleavald meelt_avaldanud meelt_avaldasid mitinguot crowd "
                  "folkemengde folkmassa menge foule "
                  "multitud folla multidão tłum dav väkijouk pūl толп натовп "
                  "tūkstošiem_cilvēku took_to gikk_i ut_i auf_die",
    "killed": "kill killed dead died death deaths toll drown annega ahog victim vittim víctim "
              "victime opfer ofiar oběť uhri upur drept omkom døde døds dødd dödade "
              "dödsoffer dödstal getötet starben todesopfer tués morts décès muertos muerto "
              "fallecid morti mortos doden omgekomen zabit zginęł ofiar zemřel obětí mrtv "
              "kuoli kuollut kuolon hukku surnud hukkus žuvo žuv aukų nogalin bojāgāj gāja_bojā "
              "miruš upuru погиб убит жертв смерт загин вбит загибл ums_leben",
    "injured": "injur wound hurt skade skadd sårede såret skadad verletzt verwundet blessé "
               "herido feriti ferid gewond ranni ranny zranion zraněn loukkaantu haavoittu "
               "vigastat sužeist ievainot cietuš ранен пострада поранен травм",
    "voted_for": "voted_for in_favour in_favor stemte_for röstade_för stemte_ja dafür "
                 "stimmten_für voté_pour a_favor votaron_a favore atbalstīja atbalstīj "
                 "balsoja_par проголосовали_за za_głosowało za_ustawą balsavo_už supported "
                 "backed støttet stöttade unterstützt soutenu apoyaron støttede",
    "voted_against": "voted_against stemte_imot stemte_mot röstade_emot dagegen stimmten_gegen "
                     "voté_contre en_contra contrari iebilda balsoja_pret против_проголосовали "
                     "проголосовали_против przeciw_było głosowało_przeciw balsavo_prieš "
                     "opposed",
    "abstained": "abstain avsto avstod avholdt enthalt enthielt abstenu abstuv astenut absten "
                 "onthouden onthielden wstrzymał zdržel pidättäyty erapooletu susilaik "
                 "atturēj atturēt воздерж утрима",
    "evacuated": "displaced homeless forced_from fled häuser_verlassen wohnungen_verlassen "
                 "abandonar_sus evacu evakuer evakuier évacu geëvacueerd "
                 "ewakuow evakuov evakuoi evakueer evakuot evakuē эвакуир евакуй",
    "in_power": "ruled rules ruling styrt styrer regiert governa gobierna rządzi vládne "
                "hallinnut правит правил керує "
                "pie_varas у_власти в_власти ved_makten vid_makten der_macht au_pouvoir "
                "el_poder al_potere no_poder de_macht u_władzy u_moci vallassa võimul valdžioje "
                "у_владі",
    "hospitalised": "hospital sykehus sjukhus krankenhaus hôpital hospitaliz hospitalis ospedal "
                    "ziekenhuis szpital nemocnic sairaala haigla ligonin slimnīc больниц "
                    "госпитализ лікарн",
    "missing": "missing savnet saknade vermisst disparu desaparecid dispers vermist zaginion "
               "pohřešov kadonnut kadunud dingus bezvēsts пропал пропавш зник",
}
# Concepts that name what is counted (a noun); after "25 of" such a noun is the whole, not the part.
NOUN_CONCEPTS = {
    "members": "member medlem mitglied membre miembro membri lidstat członk člen jäsen liikme "
               "nar dalībvalst dalībniek член",
    "reports": "report rapport melding bericht meldung signalement informe denunci segnala "
               "zgłosze hlášení ilmoitu teade pranešim ziņojum сообщени жалоб донесен "
               "повідомлен",
    "jobs": "jobs arbeidsplass arbetstillfäll arbeitsplätz emplois empleos empregos banen "
            "työpaik töökoht darbaviet darbo_viet рабочих_мест робочих_місць posti_di "
            "miejsc_pracy pracovních_míst",
    "loan": "loan lån kredit kredyt kredīt кредит займ darlehen prêt préstamo prestito empréstimo "
            "lening pożyczk půjčk laina laen paskol aizdevum позик",
    "turnout": "turnout valgdeltakelse valgdeltagelse valdeltagande wahlbeteiligung "
               "participation participación affluenza opkomst frekwencja účast "
               "äänestysaktiivisuus valimisaktiivsus aktyvumas aktivitāte явка явка",
    "aftershocks": "aftershock etterskjelv efterskalv nachbeben réplique réplica replic "
                   "naschok wstrząs dotřes jälkijäristy järeltõuk pēcgrūdien афтершок толчк",
    "magnitude": "measuring quake earthquake magnitude magnitud magnitudo styrke stärke richter "
                 "magnitudy magnitudou magnitudi magnituud magnitudė magnitūd магнитуд магнітуд "
                 "балл",
    "buildings": "buildings building bygninger bygning byggnader gebäude bâtiments bâtiment "
                 "edificios inmuebles edifici edifícios gebouwen budynk budov rakennus hoone "
                 "pastat ēkas ēku зданий здани домов будинк будівел",
    "passengers": "passenger passasjer passagerare passagier passager pasajer passegger "
                  "passageir pasażer cestující matkustaj reisija keleiv pasažier пассажир "
                  "пасажир",
    "rescuers": "rescuer firefighter brannmann brannfolk brandman feuerwehr pompier bombero "
                "vigili bombeir brandweer strażak ratownik hasič palomie pelastaj päästja "
                "ugniagesi gelbėtoj ugunsdzēsēj glābēj пожарн спасател рятувальник",
    "police": "police politi polis polizist policier policía agenti policia politie "
              "policjant funkcjonariusz policist poliisi politseinik policinink полицейск "
              "поліцейськ",
    "vehicles": "vehicle kjøretøy fordon fahrzeug véhicule vehícul veicol veícul voertuig "
                "pojazd vozid ajoneuvo sõiduk transportlīdzek техники техніки",
    "seats": "seat seats seter mandat sitze sièges escaños seggi zetels mandatów křesel paikkaa "
             "kohta mandatų vietas мест мандат",
    "homes": "homes houses dwellings hjem boliger bolig hus hem bostäder häuser wohnhäuser "
             "wohnungen maisons logements habitations viviendas casas abitazioni woningen "
             "huizen domów mieszkań domů bytů taloa asuntoa kodu majad namų namai mājas "
             "mājokļ жилых_домов жилых будинків осель "
             # homes counted as households ("120 000 hushåll utan ström")
             "households hushåll husstander husholdninger haushalte ménages foyers hogares "
             "famiglie huishoudens gospodarstw domácností kotitalou leibkond "
             "mājsaimniec домохозяйств домогосподарств",
    "aircraft": "aircraft airplanes planes helicopters fly flyene flygplan helikopter "
                "flugzeuge löschflugzeuge hubschrauber avions hélicoptères canadairs aviones "
                "helicópteros aerei elicotteri aviões vliegtuigen samolot letadl lentokone "
                "helikopteri lennuk lėktuv lidmašīn самолет вертолет літак гелікоптер",
}
# Only meaningful with a percentage: "80 % of the votes" is a vote share.
VOTE_WORDS = ("vote", "votes", "stemme", "stemmene", "stemmer", "röster", "rösterna", "stimme",
              "stimmen", "voix", "votos", "voti", "stemmen", "głos", "hlas", "ääni", "äänistä",
              "häält", "hääl", "balsų", "balsu", "balsis", "голос", "голосов", "голосів", "valg",
              "election")
# Only meaningful with a date: what happened on that day.
DATE_CONCEPTS = {
    "election": "election valg valget val valet wahl élection elección elezion eleição "
                "verkiezing wybor volb vaalit vaali valimis rinkim vēlēšan выбор вибор",
    "meeting": "meeting met møte møtte möte träff treffen traf rencontre reunión incontro "
               "encontro ontmoeting spotkan schůzk tapaam kohtum susitik tikās tikšan встреч "
               "зустріч",
}
GENERIC_LABELS = {"people": "people", "%": "percentage", "votes": "votes", "date": "date",
                  "year": "year", "": "count"}
LABELS = {"detained": "detained", "protesters": "protesters", "killed": "killed",
          "injured": "injured", "voted_for": "voted for", "voted_against": "voted against",
          "abstained": "abstained", "evacuated": "evacuated", "in_power": "in power",
          "missing": "missing", "hospitalised": "in hospital", "magnitude": "magnitude",
          "aftershocks": "aftershocks", "passengers": "passengers", "rescuers": "rescuers",
          "police": "police", "vehicles": "vehicles", "buildings": "buildings",
          "members": "members", "reports": "reports", "jobs": "jobs",
          "loan": "loan", "turnout": "turnout", "seats": "seats", "vote_share": "vote share",
          "homes": "homes", "aircraft": "aircraft",
          "election": "election day", "meeting": "meeting day"}
COMMA_COST = 2
# A conjunction costs more: in "doce han muerto y 240 han resultado heridas" 240 were injured.
CONJUNCTION_COST = 3
CONJUNCTIONS = frozenset(_words("and og och und et y e i ja ir un и і та a en kamēr while mens"))
WINDOW = 12


def _table(spec: dict[str, str]) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    singles: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    for concept, words in spec.items():
        for word in words.split():
            if "_" in word:
                first, second = word.split("_", 1)
                pairs[(first, second)] = concept
            else:
                singles[word] = concept
    return singles, pairs


_EVENTS, _EVENT_PAIRS = _table(EVENT_CONCEPTS)
_NOUNS, _NOUN_PAIRS = _table(NOUN_CONCEPTS)
_DATES, _DATE_PAIRS = _table(DATE_CONCEPTS)
_TOKEN = re.compile(r"[^\W\d_]+|[,;:–—]")


def generic_concept(unit: str) -> str:
    """The key of a quantity the lexicon knows nothing about: its unit ("people", "percent")."""
    return "percent" if unit == "%" else (unit or "count")


def is_generic(concept: str) -> bool:
    return concept not in LABELS


# A figure counting a noun the lexicon lacks keeps that noun as its concept ("14 Löschboote"
# -> "noun:löschboote"): what it counts as written, never the nearest lexicon word's concept.
OWN_NOUN = "noun:"
FUNCTION_WORD_ZIPF = 5.3  # "were", "wurden", "han", "har" are this frequent; nouns are not


def concept_label(concept: str) -> str:
    """What a concept key counts, for people: "voted_for" -> "voted for"."""
    if concept.startswith(OWN_NOUN):
        return concept[len(OWN_NOUN):]
    return LABELS.get(concept) or GENERIC_LABELS.get(concept, concept.replace("_", " "))


@lru_cache(maxsize=100_000)
def _lemma(word: str, lang: str) -> str:
    try:
        return str(LEMMATIZER.lemmatize(word, lang)).lower()
    except ValueError:  # a language simplemma does not know
        return word


def _endings_free(table: dict[str, str]) -> dict[str, str]:
    """Stems of six letters or more without their last letter: "herido" also finds "heridas"."""
    return {stem[:-1]: concept for stem, concept in table.items() if len(stem) >= 6}


_TABLES = (_EVENTS, _NOUNS, _DATES)
_LOOSE_TABLES = tuple(_endings_free(table) for table in _TABLES)


# Languages that write compounds as one word: "Präsidentenwahl" ends with "wahl".
COMPOUNDING = frozenset(_words("de nb nn no da sv nl fi et is"))


@lru_cache(maxsize=100_000)
def _lookup(word: str, lemma: str, table_id: int, compounds: bool = False) -> str | None:
    table, loose = _TABLES[table_id], _LOOSE_TABLES[table_id]
    for form in {word, lemma}:
        if form in table:
            return table[form]
        for cut in range(len(form), 4, -1):  # the longest stem of five letters or more
            concept = table.get(form[:cut]) or loose.get(form[:cut])
            if concept:
                return concept
    if compounds and len(word) > 6:
        for cut in range(3, len(word) - 3):  # the longest head of four letters or more
            concept = table.get(word[cut:])
            if concept:
                return concept
    return None


class SentenceWords:
    """The words of one sentence, lower-cased, with offsets and lemmas, looked up on demand."""

    def __init__(self, sentence: str, lang: str) -> None:
        self.lang = lang
        self.tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(sentence)]

    def concept_near(self, start: int, end: int, tables: tuple[int, ...],
                     taken: list[tuple[int, int]], skip_after: int | None = None
                     ) -> tuple[str, int, int] | None:
        """Nearest concept word around [start, end): (concept, distance, -1 before / 1 after).

        `taken` are the spans of the sentence's other quantities: a word nearer to one of them
        belongs to it. `skip_after` is where the whole of "25 av 47 medlemsland" begins: the
        part's concept does not come from the whole's noun.
        """
        best: tuple[str, int, int] | None = None
        crossed = False
        for direction in (-1, 1):
            words_seen = cost = 0
            for index in self._indices(start, end, direction):
                token_start, _, word = self.tokens[index]
                if word in ";:":
                    break  # a clause boundary ("... Minskā: policisti ...")
                if word in ",–—":
                    cost += COMMA_COST
                    continue
                if word in CONJUNCTIONS:
                    cost += CONJUNCTION_COST
                    continue
                distance = words_seen + cost
                words_seen += 1
                # on a tie, a word reached without crossing a comma or "and" wins
                if distance > WINDOW or (best and (distance > best[1] or (
                        distance == best[1] and (cost > 0 or not crossed)))):
                    break
                if skip_after is not None and token_start >= skip_after:
                    break
                if self._owned_by_other(token_start, start, end, taken):
                    break
                concept = self._concept_at(index, tables)
                if concept:
                    best, crossed = (concept, distance, direction), cost > 0
                    break
        return best

    def _indices(self, start: int, end: int, direction: int) -> Iterator[int]:
        """The tokens before (nearest first) or after the quantity, produced as the caller
        walks: it stops within a few words, and a sentence has dozens."""
        if direction < 0:
            return (i for i in range(len(self.tokens) - 1, -1, -1) if self.tokens[i][1] <= start)
        return (i for i in range(len(self.tokens)) if self.tokens[i][0] >= end)

    @staticmethod
    def _owned_by_other(position: int, start: int, end: int,
                        taken: list[tuple[int, int]]) -> bool:
        """Another quantity sits between this word and ours."""
        return any(position < s < start or end <= s < position for s, _ in taken)

    def _concept_at(self, index: int, tables: tuple[int, ...]) -> str | None:
        word = self.tokens[index][2]
        following = self.tokens[index + 1][2] if index + 1 < len(self.tokens) else ""
        for table_id in tables:
            pairs = (_EVENT_PAIRS, _NOUN_PAIRS, _DATE_PAIRS)[table_id]
            concept = pairs.get((word, following))
            if concept:
                return concept
            previous = self.tokens[index - 1][2] if index else ""
            concept = pairs.get((previous, word))
            if concept:
                return concept
            concept = _lookup(word, _lemma(word, self.lang), table_id,
                              self.lang in COMPOUNDING)
            if concept:
                return concept
        return None

    def counted_noun(self, end: int, sentence: str) -> str | None:
        """What a count is written with, right after it: the lexicon's noun concept ("14
        water-dropping aircraft": a hyphenated modifier is skipped), or the word itself as
        `OWN_NOUN` + word when the lexicon lacks it ("40 homes", "12 survivors"). None when
        the next word is an event word, a verb, a function word or punctuation."""
        from babelwire.analyse.names import zipf

        following = [i for i, (s, _, _) in enumerate(self.tokens) if s >= end][:1]
        if not following or sentence[end:self.tokens[following[0]][0]].strip():
            return None  # punctuation between: "12, said ..."
        index = following[0]
        while (index + 1 < len(self.tokens) and sentence[self.tokens[index][1]:][:1] == "-"
               and self.tokens[index + 1][0] == self.tokens[index][1] + 1):
            index += 1  # "water-dropping aircraft": the modifier's parts
        if index != following[0]:
            index += 1
        if index >= len(self.tokens):
            return None
        word = self.tokens[index][2]
        noun = self._concept_at(index, (NOUN_TABLE,))
        if noun:
            return noun
        if (len(word) < 3 or not word.isalpha() or word in CONJUNCTIONS
                or zipf(word, self.lang) >= FUNCTION_WORD_ZIPF
                or self._concept_at(index, (EVENT_TABLE, DATE_TABLE))):
            return None
        return OWN_NOUN + word

    def word_next_to(self, start: int, end: int, vocabulary: frozenset[str]) -> bool:
        """One of these words right after the quantity, or one word before it."""
        after = [w for s, _, w in self.tokens if s >= end][:1]
        before = [w for _, e, w in self.tokens if e <= start][-2:]
        if before and (before[-1] in CONJUNCTIONS or before[-1] in ",;:"):
            before = []  # "187 against and 12 abstentions": 12 did not vote against
        return any(w in vocabulary for w in after + before)

    def about_a_vote(self) -> bool:
        return any(w.startswith(VOTE_WORDS) for _, _, w in self.tokens)

    def has_vote_word(self, start: int, end: int) -> bool:
        """A word for votes within the window: "80 prosent av stemmene" is a vote share."""
        near = [w for s, e, w in self.tokens
                if (0 <= start - e <= 80 or 0 <= s - end <= 60)]
        return any(w.startswith(VOTE_WORDS) or _lemma(w, self.lang) in VOTE_WORDS for w in near)


EVENT_TABLE, NOUN_TABLE, DATE_TABLE = 0, 1, 2
